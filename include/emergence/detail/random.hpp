#ifndef EMERGENCE_DETAIL_RANDOM_HPP
#define EMERGENCE_DETAIL_RANDOM_HPP

#include <emergence/detail/error.hpp>

#include <Eigen/Core>

#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <type_traits>
#include <utility>

namespace emergence::detail
{

/**
 * The number of uniformly distributed bits one call of an engine with output range
 * [0, range] can supply: the largest k with 2^k - 1 <= range.
 */
constexpr int usableBits(std::uint64_t range)
{
    if (range == std::numeric_limits<std::uint64_t>::max())
        return 64;

    int bits = 0;
    while (bits < 63 && (std::uint64_t(1) << (bits + 1)) - 1 <= range)
        ++bits;
    return bits;
}

/**
 * Draws 64 uniformly distributed bits from any UniformRandomBitGenerator.
 *
 * The standard fixes the output sequence of engines such as std::mt19937_64, but not that of
 * std::uniform_int_distribution or std::shuffle, so drawing through this function (and the
 * helpers below) gives the same results with every standard library.
 *
 * @param rng the caller's engine; one or more of its outputs are consumed.
 * @return 64 independent, uniformly distributed bits.
 */
template <typename Rng>
std::uint64_t randomBits(Rng& rng)
{
    using Result = typename Rng::result_type;
    static_assert(std::is_unsigned_v<Result>,
                  "randomBits: Rng must be a UniformRandomBitGenerator, whose result_type is "
                  "an unsigned integer; use a standard engine such as std::mt19937_64.");

    constexpr std::uint64_t range = std::uint64_t(Rng::max()) - std::uint64_t(Rng::min());
    static_assert(range > 0, "randomBits: the engine's output range must hold two values.");
    constexpr int bits = usableBits(range);

    if constexpr (bits == 64)
    {
        return std::uint64_t(rng()) - std::uint64_t(Rng::min());
    }
    else
    {
        // Outputs above the largest all-ones value of `bits` bits are rejected so that the
        // kept ones are uniform even for engines whose range is not a power of two.
        constexpr std::uint64_t mask = (std::uint64_t(1) << bits) - 1;
        std::uint64_t result = 0;
        int filled = 0;
        while (filled < 64)
        {
            const std::uint64_t value = std::uint64_t(rng()) - std::uint64_t(Rng::min());
            if (value > mask)
                continue;

            result = (result << bits) | value;
            filled += bits;
        }
        return result;
    }
}

/**
 * Draws an integer uniformly from {0, 1, ..., n - 1}, without bias, from the caller's engine.
 *
 * Rejection sampling on 64-bit draws: the 2^64 mod n smallest draws are discarded so that
 * every residue is equally likely; the expected number of draws is below 2 for every n.
 *
 * @param rng the caller's UniformRandomBitGenerator (e.g. std::mt19937_64).
 * @param n the number of possible values; at least 1.
 * @return an index in [0, n).
 * @throws std::invalid_argument if n < 1.
 */
template <typename Rng>
Eigen::Index uniformIndex(Rng& rng, Eigen::Index n)
{
    if (n < 1)
        throw std::invalid_argument(message("uniformIndex: n is ", n, ", expected at least 1"));

    const auto bound = static_cast<std::uint64_t>(n);
    const std::uint64_t threshold = (std::uint64_t(0) - bound) % bound;

    while (true)
    {
        const std::uint64_t value = randomBits(rng);
        if (value >= threshold)
            return static_cast<Eigen::Index>(value % bound);
    }
}

/**
 * Partial Fisher–Yates shuffle: afterwards the first `count` entries of `indices` are a
 * uniformly random selection, in uniformly random order, of its entries; the rest hold the
 * others. Costs `count` draws and no allocation.
 *
 * @param indices a std::vector or an Eigen vector (anything with size() and operator[]).
 * @param count how many leading entries to randomise; 0 <= count <= indices.size().
 * @param rng the caller's UniformRandomBitGenerator.
 * @throws std::invalid_argument if count is negative or larger than the number of entries.
 */
template <typename Indices, typename Rng>
void partialShuffleIndices(Indices& indices, Eigen::Index count, Rng& rng)
{
    const auto size = static_cast<Eigen::Index>(indices.size());
    if (count < 0 || count > size)
        throw std::invalid_argument(message("partialShuffleIndices: count is ", count,
                                            ", expected a value in [0, ", size, "]"));

    // Once size - 1 positions are settled the last one is too, so its draw is skipped.
    const Eigen::Index steps = count < size ? count : size - 1;
    for (Eigen::Index i = 0; i < steps; ++i)
    {
        const Eigen::Index j = i + uniformIndex(rng, size - i);
        using std::swap;
        swap(indices[i], indices[j]);
    }
}

/**
 * Full Fisher–Yates shuffle: puts the entries of `indices` in a uniformly random order using
 * size - 1 draws from the caller's engine. The same engine state always gives the same order,
 * on every standard library (unlike std::shuffle).
 *
 * @param indices a std::vector or an Eigen vector (anything with size() and operator[]),
 *        usually filled with 0, 1, ..., n - 1 by the caller.
 * @param rng the caller's UniformRandomBitGenerator.
 */
template <typename Indices, typename Rng>
void shuffleIndices(Indices& indices, Rng& rng)
{
    partialShuffleIndices(indices, static_cast<Eigen::Index>(indices.size()), rng);
}

/**
 * A uniform draw from [0, 1) with 53 random bits, the resolution of a double. Unlike
 * std::uniform_real_distribution, the result is the same with every standard library.
 */
template <typename Rng>
double uniformReal(Rng& rng)
{
    return static_cast<double>(randomBits(rng) >> 11) * 0x1.0p-53;
}

/**
 * A standard normal draw by the Box-Muller transform, using two uniform draws per call (the
 * second normal of the pair is discarded, so that each draw depends only on the engine
 * state). Reproducible across standard libraries, unlike std::normal_distribution.
 */
template <typename Rng>
double standardNormal(Rng& rng)
{
    // 1 - u lies in (0, 1], so the logarithm is finite.
    const double radius = std::sqrt(-2.0 * std::log(1.0 - uniformReal(rng)));
    const double angle = 2.0 * 3.14159265358979323846 * uniformReal(rng);
    return radius * std::cos(angle);
}

} // namespace emergence::detail

#endif // EMERGENCE_DETAIL_RANDOM_HPP
