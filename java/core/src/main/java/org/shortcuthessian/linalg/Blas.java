package org.shortcuthessian.linalg;

/** Dense level-3 products on column-major matrices. Arguments are validated once, here, by the facade. */
public interface Blas {
    /**
     * GEMM: {@code C ← alpha·op(A)·op(B) + beta·C}, with op(X) = X or Xᵀ.
     * op(A) is m×k, op(B) is k×n, C is m×n. C is modified; A and B are not.
     * With beta = 0, C's previous contents (NaN included) are ignored.
     *
     * @throws MatrixDimensionException naming the argument whose shape does not fit
     */
    void gemm(Transpose transA, Transpose transB, double alpha, DenseMatrix a, DenseMatrix b,
              double beta, DenseMatrix c);

    /**
     * SYRK: {@code C ← alpha·op(A)·op(A)ᵀ + beta·C} on the {@code uplo} triangle of C (diagonal
     * included), with op(A) = A (n×k) or Aᵀ (A is k×n). C is n×n; only its {@code uplo} triangle is
     * read and modified, the other triangle is left as it was. A is not modified.
     */
    void syrk(Uplo uplo, Transpose trans, double alpha, DenseMatrix a, double beta, DenseMatrix c);
}
