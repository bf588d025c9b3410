// Tests of detail/numeric.hpp: the stable sigmoid, softplus and log-sum-exp, against
// values worked out by hand and against the direct formulas where those do not overflow.
#include <emergence/detail/numeric.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <type_traits>

using emergence::detail::LogSumExp;
using emergence::detail::sigmoid;
using emergence::detail::sigmoidArray;
using emergence::detail::softplus;
using emergence::detail::softplusArray;

TEMPLATE_TEST_CASE("Numeric_SigmoidAndSoftplusAtLargeInputs", "[numeric]", float, double)
{
    // Field case: exactly 1 and 0 at +-1000, softplus(1000) = 1000, nothing NaN.
    CHECK(sigmoid(TestType(1000)) == TestType(1));
    CHECK(sigmoid(TestType(-1000)) == TestType(0));
    CHECK(softplus(TestType(1000)) == TestType(1000));
    CHECK(softplus(TestType(-1000)) == TestType(0));

    Eigen::Array<TestType, Eigen::Dynamic, 1> x(3);
    x << -1000, 0, 1000;
    const Eigen::Array<TestType, Eigen::Dynamic, 1> s = sigmoidArray(x);
    const Eigen::Array<TestType, Eigen::Dynamic, 1> p = softplusArray(x);
    CHECK(s(0) == TestType(0));
    CHECK(s(1) == TestType(0.5));
    CHECK(s(2) == TestType(1));
    CHECK(p(2) == TestType(1000));
    // softplus(0) = log 2; e^-1000 underflows, Eigen's exp may return a denormal instead.
    CHECK_THAT(double(p(1)), Catch::WithinAbs(std::log(2.0), 1e-6));
    CHECK_THAT(double(p(0)), Catch::WithinAbs(0.0, 1e-30));
}

TEMPLATE_TEST_CASE("Numeric_SigmoidArrayFlushesTinyProbabilities", "[numeric]", float, double)
{
    // Below sqrt(smallest normal) the result is exactly 0, above it the direct formula; so
    // no probability, and no product of two probabilities, is subnormal.
    const double cut = std::sqrt(double(std::numeric_limits<TestType>::min()));
    const double tolerance = std::is_same_v<TestType, float> ? 1e-5 : 1e-13;
    for (double value = -800.0; value <= 0.0; value += 0.25)
    {
        Eigen::Array<TestType, 1, 1> x;
        x << TestType(value);
        const double s = double(sigmoidArray(x)(0));
        const double direct = 1.0 / (1.0 + std::exp(-double(x(0))));
        if (direct < 0.99 * cut)
            CHECK(s == 0.0);
        else if (direct > 1.01 * cut)
            CHECK_THAT(s, Catch::WithinRel(direct, tolerance));
    }
}

TEMPLATE_TEST_CASE("Numeric_MatchDirectFormulasInRange", "[numeric]", float, double)
{
    // Where 1 / (1 + e^-x) and log(1 + e^x) do not overflow, the stable forms agree with them
    // to a few units in the last place.
    const double tolerance = std::is_same_v<TestType, float> ? 1e-6 : 1e-14;
    for (double value = -30.0; value <= 30.0; value += 0.37)
    {
        const TestType x = TestType(value);
        const double direct = 1.0 / (1.0 + std::exp(-double(x)));
        CHECK_THAT(double(sigmoid(x)), Catch::WithinRel(direct, tolerance));
        const double directSoftplus = std::log1p(std::exp(double(x)));
        CHECK_THAT(double(softplus(x)), Catch::WithinRel(directSoftplus, tolerance));
    }
}

TEST_CASE("Numeric_LogSumExpIsStable", "[numeric]")
{
    // log(e^1000 + e^1000) = 1000 + log 2, where the direct sum overflows.
    LogSumExp large;
    large.add(1000.0);
    large.add(1000.0);
    CHECK_THAT(large.value(), Catch::WithinAbs(1000.0 + std::log(2.0), 1e-12));

    // Terms in any order, one by one or in blocks, give log(1 + e + e^2).
    LogSumExp oneByOne;
    for (const double term : {2.0, 0.0, 1.0})
        oneByOne.add(term);
    Eigen::ArrayXd block(3);
    block << 0.0, 2.0, 1.0;
    LogSumExp blocks;
    blocks.addAll(block.head(1));
    blocks.addAll(block.tail(2));
    const double expected = std::log(1.0 + std::exp(1.0) + std::exp(2.0));
    CHECK_THAT(oneByOne.value(), Catch::WithinAbs(expected, 1e-14));
    CHECK_THAT(blocks.value(), Catch::WithinAbs(expected, 1e-14));

    CHECK(LogSumExp().value() == -std::numeric_limits<double>::infinity());

    // Adding log 0 = -inf changes nothing, also as the first term.
    LogSumExp withZero;
    withZero.add(-std::numeric_limits<double>::infinity());
    withZero.add(0.0);
    CHECK(withZero.value() == 0.0);
}
