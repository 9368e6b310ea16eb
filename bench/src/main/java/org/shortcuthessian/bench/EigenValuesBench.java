package org.shortcuthessian.bench;

import org.openjdk.jmh.annotations.Benchmark;

/** Eigenvalues only of a symmetric matrix, every contender: see {@link AbstractEigenBench}. */
public class EigenValuesBench extends AbstractEigenBench {
    @Override
    protected boolean vectors() {
        return false;
    }

    @Benchmark
    public Object run() {
        return runCall();
    }
}
