package org.shortcuthessian.bench;

import org.openjdk.jmh.annotations.Benchmark;

/** All eigenpairs of a symmetric matrix, every contender: see {@link AbstractEigenBench}. */
public class EigenPairsBench extends AbstractEigenBench {
    @Override
    protected boolean vectors() {
        return true;
    }

    @Benchmark
    public Object run() {
        return runCall();
    }
}
