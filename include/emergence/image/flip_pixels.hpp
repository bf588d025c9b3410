#ifndef EMERGENCE_IMAGE_FLIP_PIXELS_HPP
#define EMERGENCE_IMAGE_FLIP_PIXELS_HPP

#include <emergence/detail/error.hpp>
#include <emergence/detail/random.hpp>
#include <emergence/image/coding.hpp>

#include <Eigen/Core>

#include <cmath>
#include <numeric>
#include <stdexcept>
#include <type_traits>
#include <vector>

namespace emergence
{

namespace detail
{

/** Throws std::invalid_argument, naming `function`, unless 0 <= fraction <= 1. */
inline void checkFraction(double fraction, const char* function)
{
    // Written so that NaN, for which every comparison is false, fails the test too.
    if (!(fraction >= 0.0 && fraction <= 1.0))
        throw std::invalid_argument(
            message(function, ": fraction is ", fraction, ", expected a value in [0, 1]"));
}

} // namespace detail

/**
 * The number of units flipPixels() flips in a state of `units` entries:
 * round(fraction * units), halves rounded away from zero.
 *
 * @param units the number of entries of one state (rows of a column); at least 0.
 * @param fraction the share of entries to flip, in [0, 1].
 * @return an integer in [0, units].
 * @throws std::invalid_argument if units is negative or fraction is NaN or outside [0, 1].
 */
inline Eigen::Index flippedCount(Eigen::Index units, double fraction)
{
    if (units < 0)
        throw std::invalid_argument(
            detail::message("flippedCount: units is ", units, ", expected at least 0"));

    detail::checkFraction(fraction, "flippedCount");
    return static_cast<Eigen::Index>(std::round(fraction * static_cast<double>(units)));
}

/**
 * Corrupts binary states by flipping an exact number of distinct, uniformly chosen entries
 * in every column: the usual way to make noisy cues for Hopfield recall.
 *
 * Each column is corrupted independently: flippedCount(rows, fraction) distinct rows are
 * drawn from `rng` by a partial Fisher–Yates shuffle, and each is set to the other value of
 * the coding (bipolar: s -> -s; binary: v -> 1 - v). The draws use only the engine's raw
 * output, so a given seed gives the same flips with every standard library.
 *
 * @param states N x P matrix, one state per column, every entry a value of `coding`.
 * @param fraction the share of the N entries to flip in each column, in [0, 1].
 * @param rng the caller's UniformRandomBitGenerator (e.g. std::mt19937_64), advanced.
 * @param coding the coding of `states` and of the result.
 * @return a copy of `states` with the chosen entries flipped.
 * @throws std::invalid_argument if fraction is NaN or outside [0, 1], if an entry is not a
 *         value of `coding`, or if bipolar coding is asked of an unsigned scalar type.
 */
template <typename Derived, typename Rng>
typename Derived::PlainObject flipPixels(const Eigen::MatrixBase<Derived>& states, double fraction,
                                         Rng& rng, Coding coding = Coding::Bipolar)
{
    using Scalar = typename Derived::Scalar;
    using Plain = typename Derived::PlainObject;

    detail::checkFraction(fraction, "flipPixels");
    if (coding == Coding::Bipolar && !std::is_signed_v<Scalar>)
        throw std::invalid_argument(
            "flipPixels: bipolar coding needs a signed scalar type to hold -1; cast the "
            "states to a signed type or use Coding::Binary");
    detail::checkCoding(states, coding, "flipPixels", "state");

    const Scalar low = coding == Coding::Bipolar ? Scalar(-1) : Scalar(0);
    const Scalar high = Scalar(1);
    const Eigen::Index rows = states.rows();
    const Eigen::Index count = flippedCount(rows, fraction);
    Plain result = states;

    // One index buffer serves every column; it is reset so that a column's flips depend only
    // on the engine's state, not on the order left behind by the previous column.
    std::vector<Eigen::Index> order(static_cast<std::size_t>(rows));
    for (Eigen::Index column = 0; column < result.cols(); ++column)
    {
        std::iota(order.begin(), order.end(), Eigen::Index(0));
        detail::partialShuffleIndices(order, count, rng);

        for (Eigen::Index k = 0; k < count; ++k)
        {
            Scalar& entry = result(order[static_cast<std::size_t>(k)], column);
            entry = entry == high ? low : high;
        }
    }
    return result;
}

} // namespace emergence

#endif // EMERGENCE_IMAGE_FLIP_PIXELS_HPP
