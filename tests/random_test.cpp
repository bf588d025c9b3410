// Tests for detail/random.hpp: unbiased bounded draws and Fisher–Yates shuffles that depend
// only on the engine's raw output, hence are the same with every standard library.
#include <emergence/detail/random.hpp>

#include "support/io_support.hpp"

#include <catch2/catch.hpp>

#include <Eigen/Core>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <map>
#include <numeric>
#include <random>
#include <vector>

using emergence::detail::partialShuffleIndices;
using emergence::detail::randomBits;
using emergence::detail::shuffleIndices;
using emergence::detail::uniformIndex;
using emergence::detail::usableBits;
using emergence::test::MessageContains;

namespace
{

/// Five standard deviations of a binomial count: a fixed-seed test that passes once keeps
/// passing, and a correct generator lands outside this band with probability below 1e-6.
double fiveSigma(double draws, double probability)
{
    return 5.0 * std::sqrt(draws * probability * (1.0 - probability));
}

} // namespace

TEST_CASE("UsableBits_CountsWholeBitsOfTheRange", "[random]")
{
    STATIC_REQUIRE(usableBits(1) == 1);
    STATIC_REQUIRE(usableBits(3) == 2);
    STATIC_REQUIRE(usableBits(4) == 2);
    STATIC_REQUIRE(usableBits(0xffffffffu) == 32);

    // minstd_rand draws from [1, 2^31 - 2]: 2^31 - 2 values, so only 30 bits are whole.
    STATIC_REQUIRE(usableBits(2147483645u) == 30);
    STATIC_REQUIRE(usableBits(~std::uint64_t(0)) == 64);
    STATIC_REQUIRE(usableBits(~std::uint64_t(0) - 1) == 63);
}

TEST_CASE("RandomBits_MatchesTheStandardsTenThousandthOutput", "[random]")
{
    // [rand.predef] fixes the 10000th output of default-constructed engines:
    // mt19937_64 gives 9981545732273789042 and mt19937 gives 4123659995.
    std::mt19937_64 engine64;
    std::uint64_t last64 = 0;
    for (int i = 0; i < 10000; ++i)
        last64 = randomBits(engine64);
    REQUIRE(last64 == 9981545732273789042u);

    // A 32-bit engine supplies 64 bits as two outputs, the first in the high half, so the
    // 5000th draw ends with the 10000th output.
    std::mt19937 engine32;
    std::uint64_t last32 = 0;
    for (int i = 0; i < 5000; ++i)
        last32 = randomBits(engine32);
    REQUIRE((last32 & 0xffffffffu) == 4123659995u);
}

TEST_CASE("RandomBits_RejectsOutputsOutsideWholeBitsOfOddRanges", "[random]")
{
    // minstd_rand: outputs minus 1 above 2^30 - 1 are dropped; three kept 30-bit values fill
    // 64 bits, the earliest in the highest place (bits above 64 fall off).
    std::minstd_rand engine(12345);
    std::minstd_rand reference(12345);
    std::vector<std::uint64_t> kept;
    while (kept.size() < 3)
    {
        const std::uint64_t value = reference() - 1;
        if (value <= (std::uint64_t(1) << 30) - 1)
            kept.push_back(value);
    }
    const std::uint64_t expected = (kept[0] << 60) | (kept[1] << 30) | kept[2];

    REQUIRE(randomBits(engine) == expected);
}

TEST_CASE("UniformIndex_EqualsRawOutputModuloNWhenNothingIsRejected", "[random]")
{
    // For a power of two n, 2^64 mod n = 0, so no draw is rejected and the result is the raw
    // output mod n. For n = 10 only the 6 smallest of 2^64 outputs are rejected, which 1000
    // draws hit with probability about 3e-16.
    std::mt19937_64 engine(2024);
    std::mt19937_64 reference(2024);
    const Eigen::Index big = Eigen::Index(1) << 62;
    for (int i = 0; i < 1000; ++i)
    {
        REQUIRE(uniformIndex(engine, 8) == static_cast<Eigen::Index>(reference() % 8));
        REQUIRE(uniformIndex(engine, 10) == static_cast<Eigen::Index>(reference() % 10));
        REQUIRE(uniformIndex(engine, big) == static_cast<Eigen::Index>(reference() % (1ull << 62)));
    }
}

TEST_CASE("UniformIndex_IsUniformOverSmallRanges", "[random]")
{
    std::mt19937_64 engine(7);
    constexpr int n = 7;
    constexpr int draws = 70000;
    std::array<int, n> counts{};
    for (int i = 0; i < draws; ++i)
    {
        const Eigen::Index value = uniformIndex(engine, n);
        REQUIRE(value >= 0);
        REQUIRE(value < n);
        ++counts[static_cast<std::size_t>(value)];
    }

    for (int count : counts)
        REQUIRE(std::abs(count - draws / n) < fiveSigma(draws, 1.0 / n));
}

TEST_CASE("UniformIndex_OneValueAndBadBounds", "[random]")
{
    std::mt19937_64 engine(1);
    REQUIRE(uniformIndex(engine, 1) == 0);

    REQUIRE_THROWS_MATCHES(uniformIndex(engine, 0), std::invalid_argument,
                           MessageContains("uniformIndex: n is 0, expected at least 1"));
    REQUIRE_THROWS_MATCHES(uniformIndex(engine, -3), std::invalid_argument,
                           MessageContains("n is -3"));
}

TEST_CASE("UniformIndex_SameSeedSameDrawsAndNextCallsDiffer", "[random]")
{
    std::mt19937_64 first(99);
    std::mt19937_64 second(99);
    std::vector<Eigen::Index> a;
    std::vector<Eigen::Index> b;
    std::vector<Eigen::Index> c;
    for (int i = 0; i < 50; ++i)
    {
        a.push_back(uniformIndex(first, 1000));
        b.push_back(uniformIndex(second, 1000));
    }
    for (int i = 0; i < 50; ++i)
        c.push_back(uniformIndex(first, 1000));

    REQUIRE(a == b);
    REQUIRE(a != c);
}

TEST_CASE("ShuffleIndices_GivesAPermutationReproducibly", "[random]")
{
    std::vector<Eigen::Index> indices(20);
    std::iota(indices.begin(), indices.end(), Eigen::Index(0));
    std::vector<Eigen::Index> again = indices;
    std::vector<Eigen::Index> next = indices;

    std::mt19937_64 engine(5);
    std::mt19937_64 copy(5);
    shuffleIndices(indices, engine);
    shuffleIndices(again, copy);
    shuffleIndices(next, engine);

    std::vector<Eigen::Index> sorted = indices;
    std::sort(sorted.begin(), sorted.end());
    std::vector<Eigen::Index> identity(20);
    std::iota(identity.begin(), identity.end(), Eigen::Index(0));
    REQUIRE(sorted == identity);
    REQUIRE(indices == again);
    REQUIRE(indices != next);
}

TEST_CASE("ShuffleIndices_WorksOnEigenVectors", "[random]")
{
    Eigen::Matrix<Eigen::Index, Eigen::Dynamic, 1> indices(6);
    indices << 0, 1, 2, 3, 4, 5;
    std::vector<Eigen::Index> plain{0, 1, 2, 3, 4, 5};

    // The same engine state must give the same order whatever holds the indices.
    std::mt19937_64 engine(11);
    std::mt19937_64 copy(11);
    shuffleIndices(indices, engine);
    shuffleIndices(plain, copy);

    for (Eigen::Index i = 0; i < 6; ++i)
        REQUIRE(indices(i) == plain[static_cast<std::size_t>(i)]);
}

TEST_CASE("ShuffleIndices_EveryOrderOfThreeIsEquallyLikely", "[random]")
{
    std::mt19937_64 engine(3);
    constexpr int draws = 60000;
    std::map<std::vector<Eigen::Index>, int> counts;
    for (int i = 0; i < draws; ++i)
    {
        std::vector<Eigen::Index> indices{0, 1, 2};
        shuffleIndices(indices, engine);
        ++counts[indices];
    }

    REQUIRE(counts.size() == 6);
    for (const auto& entry : counts)
        REQUIRE(std::abs(entry.second - draws / 6) < fiveSigma(draws, 1.0 / 6.0));
}

TEST_CASE("ShuffleIndices_EmptyAndSingleEntriesDrawNothing", "[random]")
{
    std::mt19937_64 engine(8);
    std::mt19937_64 untouched(8);
    std::vector<Eigen::Index> empty;
    std::vector<Eigen::Index> single{42};

    shuffleIndices(empty, engine);
    shuffleIndices(single, engine);

    REQUIRE(empty.empty());
    REQUIRE(single == std::vector<Eigen::Index>{42});
    REQUIRE(engine == untouched);
}

TEST_CASE("PartialShuffleIndices_SelectsEachEntryWithEqualChance", "[random]")
{
    // Choosing 2 of 5: each entry lands in the first two places with probability 2/5.
    std::mt19937_64 engine(13);
    constexpr int draws = 50000;
    std::array<int, 5> chosen{};
    for (int i = 0; i < draws; ++i)
    {
        std::vector<Eigen::Index> indices{0, 1, 2, 3, 4};
        partialShuffleIndices(indices, 2, engine);
        REQUIRE(indices[0] != indices[1]);
        ++chosen[static_cast<std::size_t>(indices[0])];
        ++chosen[static_cast<std::size_t>(indices[1])];
    }

    for (int count : chosen)
        REQUIRE(std::abs(count - draws * 2 / 5) < fiveSigma(draws, 0.4));
}

TEST_CASE("PartialShuffleIndices_CountZeroAndBadCounts", "[random]")
{
    std::mt19937_64 engine(4);
    std::vector<Eigen::Index> indices{0, 1, 2};
    partialShuffleIndices(indices, 0, engine);
    REQUIRE(indices == std::vector<Eigen::Index>{0, 1, 2});

    REQUIRE_THROWS_MATCHES(partialShuffleIndices(indices, 4, engine), std::invalid_argument,
                           MessageContains("count is 4, expected a value in [0, 3]"));
    REQUIRE_THROWS_MATCHES(partialShuffleIndices(indices, -1, engine), std::invalid_argument,
                           MessageContains("count is -1"));
}
