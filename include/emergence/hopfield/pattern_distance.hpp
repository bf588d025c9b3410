#ifndef EMERGENCE_HOPFIELD_PATTERN_DISTANCE_HPP
#define EMERGENCE_HOPFIELD_PATTERN_DISTANCE_HPP

#include <emergence/detail/error.hpp>
#include <emergence/image/coding.hpp>

#include <Eigen/Core>

#include <stdexcept>

namespace emergence
{

/// One value per column: what the measures below return.
using ColumnValues = Eigen::Matrix<double, 1, Eigen::Dynamic>;

namespace detail
{

/// Checks that `states` and `patterns` have the same shape, for `function`.
template <typename StatesDerived, typename PatternsDerived>
void checkSameShape(const Eigen::MatrixBase<StatesDerived>& states,
                    const Eigen::MatrixBase<PatternsDerived>& patterns, const char* function)
{
    if (states.rows() != patterns.rows() || states.cols() != patterns.cols())
        throw std::invalid_argument(detail::message(
            function, ": states are ", states.rows(), " x ", states.cols(), ", patterns ",
            patterns.rows(), " x ", patterns.cols(), ", expected the same shape"));
}

} // namespace detail

/**
 * The overlap m = (1/N) sum_i s_i x_i of each column of `states` with the same column of
 * `patterns` (Amit, Gutfreund & Sompolinsky 1985): 1 for the pattern itself, -1 for its
 * inverse, about 0 for an unrelated random state.
 *
 * @param states N x B bipolar (-1/+1) states, one per column.
 * @param patterns N x B bipolar patterns, column j compared with column j of `states`.
 * @return the B overlaps.
 * @throws std::invalid_argument if the shapes differ or an entry is not -1 or +1.
 */
template <typename StatesDerived, typename PatternsDerived>
ColumnValues overlaps(const Eigen::MatrixBase<StatesDerived>& states,
                      const Eigen::MatrixBase<PatternsDerived>& patterns)
{
    detail::checkSameShape(states, patterns, "overlaps");
    detail::checkCoding(states, Coding::Bipolar, "overlaps", "states");
    detail::checkCoding(patterns, Coding::Bipolar, "overlaps", "patterns");

    return (states.template cast<double>().array() * patterns.template cast<double>().array())
               .colwise()
               .sum()
               .matrix() /
           double(states.rows());
}

/**
 * The Hamming distance of each column of `states` to the same column of `patterns`: the
 * number of entries that differ. Works in any coding (and on any values).
 *
 * @param states N x B states, one per column.
 * @param patterns N x B patterns, column j compared with column j of `states`.
 * @return the B distances, as whole numbers.
 * @throws std::invalid_argument if the shapes differ.
 */
template <typename StatesDerived, typename PatternsDerived>
ColumnValues hammingDistances(const Eigen::MatrixBase<StatesDerived>& states,
                              const Eigen::MatrixBase<PatternsDerived>& patterns)
{
    detail::checkSameShape(states, patterns, "hammingDistances");

    return (states.array() != patterns.array()).template cast<double>().colwise().sum().matrix();
}

/**
 * For each cue, the index of the stored pattern nearest to it in Hamming distance (the
 * lowest index among equally near ones). Recalling that pattern is the best any memory can
 * do from the cue alone, so the fraction of cues whose nearest pattern is their own bounds
 * the recall of every rule and model.
 *
 * @param cues N x B bipolar cues, one per column.
 * @param patterns N x P bipolar stored patterns (P >= 1), one per column.
 * @return B indices into the columns of `patterns`.
 * @throws std::invalid_argument on different row counts, no patterns, or an entry that is
 *         not -1 or +1.
 */
template <typename CuesDerived, typename PatternsDerived>
Eigen::Matrix<Eigen::Index, 1, Eigen::Dynamic>
nearestPatterns(const Eigen::MatrixBase<CuesDerived>& cues,
                const Eigen::MatrixBase<PatternsDerived>& patterns)
{
    const char* function = "nearestPatterns";
    if (cues.rows() != patterns.rows())
        throw std::invalid_argument(detail::message(function, ": cues have ", cues.rows(),
                                                    " rows, patterns ", patterns.rows(),
                                                    ", expected the same number"));
    if (patterns.cols() < 1)
        throw std::invalid_argument(
            detail::message(function, ": no patterns given, expected at least one column"));
    detail::checkCoding(cues, Coding::Bipolar, function, "cues");
    detail::checkCoding(patterns, Coding::Bipolar, function, "patterns");

    // For bipolar vectors the distance is (N - x'c) / 2, so the nearest pattern has the
    // largest dot product, and one matrix product finds all of them. Dot products of -1/+1
    // entries are integers, exact in double, so ties are found as ties.
    using Matrix = Eigen::MatrixXd;
    const Matrix dots = patterns.template cast<double>().transpose() * cues.template cast<double>();
    Eigen::Matrix<Eigen::Index, 1, Eigen::Dynamic> nearest(cues.cols());
    for (Eigen::Index j = 0; j < cues.cols(); ++j)
        dots.col(j).maxCoeff(&nearest(j));
    return nearest;
}

} // namespace emergence

#endif // EMERGENCE_HOPFIELD_PATTERN_DISTANCE_HPP
