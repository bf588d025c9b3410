#ifndef EMERGENCE_HOPFIELD_RETRIEVAL_OPTIONS_HPP
#define EMERGENCE_HOPFIELD_RETRIEVAL_OPTIONS_HPP

#include <Eigen/Core>

namespace emergence
{

/**
 * Settings of one retrieval call of a ModernHopfieldNetwork.
 *
 * Retrieval repeats xi <- X softmax(beta X'xi) until the largest change of an entry in one
 * step is at most `tolerance`, or `maxSteps` steps have been made.
 */
struct RetrievalOptions
{
    /// Inverse temperature beta of the softmax; finite and positive (also after conversion
    /// to the network's scalar type). Overlaps of bipolar patterns are of order N, so for
    /// them beta = 1 is already sharp; beta near 1 / sqrt(N) averages over many patterns.
    double beta = 1.0;

    /// Largest change of any entry, in one step, at which retrieval counts as converged;
    /// at least 0. It is absolute, in the units of the pattern entries: the default suits
    /// entries of order 1 (bipolar patterns or pixels in [0, 1]) in float and double.
    double tolerance = 1e-5;

    /// The most update steps retrieval may make; at least 1. Use 1 for the one-step
    /// retrieval of Ramsauer et al.
    Eigen::Index maxSteps = 100;
};

} // namespace emergence

#endif // EMERGENCE_HOPFIELD_RETRIEVAL_OPTIONS_HPP
