#ifndef EMERGENCE_HOPFIELD_RANDOM_PATTERNS_HPP
#define EMERGENCE_HOPFIELD_RANDOM_PATTERNS_HPP

#include <emergence/detail/error.hpp>
#include <emergence/detail/random.hpp>

#include <Eigen/Core>

#include <cstdint>
#include <stdexcept>
#include <type_traits>

namespace emergence
{

/**
 * Random bipolar patterns: every entry independently -1 or +1 with probability 1/2, the
 * patterns of the classical capacity analyses (Amit, Gutfreund & Sompolinsky 1985).
 *
 * @tparam Scalar the scalar type of the result (float or double).
 * @param units N, the rows; at least 0.
 * @param count P, the columns; at least 0.
 * @param rng the caller's engine; one 64-bit draw gives 64 entries, so the same engine state
 *        gives the same patterns with every standard library.
 * @return an N x P matrix, one pattern per column.
 * @throws std::invalid_argument if units or count is negative.
 */
template <typename Scalar, typename Rng>
Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic> randomPatterns(Eigen::Index units,
                                                                     Eigen::Index count, Rng& rng)
{
    static_assert(std::is_floating_point_v<Scalar>,
                  "randomPatterns<Scalar>: Scalar must be float or double, the types the "
                  "networks take.");
    if (units < 0 || count < 0)
        throw std::invalid_argument(detail::message("randomPatterns: ", units, " x ", count,
                                                    " patterns, expected sizes of at least 0"));

    Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic> patterns(units, count);
    Scalar* entry = patterns.data();
    const Eigen::Index size = patterns.size();
    for (Eigen::Index first = 0; first < size; first += 64)
    {
        std::uint64_t bits = detail::randomBits(rng);
        const Eigen::Index last = first + 64 < size ? first + 64 : size;
        for (Eigen::Index k = first; k < last; ++k, bits >>= 1)
            entry[k] = (bits & 1U) != 0 ? Scalar(1) : Scalar(-1);
    }
    return patterns;
}

} // namespace emergence

#endif // EMERGENCE_HOPFIELD_RANDOM_PATTERNS_HPP
