// Tests for image/coding.hpp: conversions between binary (0/1) and bipolar (-1/+1) states,
// the coding check and its messages.
#include <emergence/image/coding.hpp>

#include "support/io_support.hpp"

#include <catch2/catch.hpp>

#include <Eigen/Core>

#include <limits>
#include <string>
#include <type_traits>

using emergence::Coding;
using emergence::codingName;
using emergence::toBinary;
using emergence::toBipolar;
using emergence::test::MessageContains;

TEMPLATE_TEST_CASE("ToBipolar_MapsZeroToMinusOneAndOneToOne", "[coding]", float, double)
{
    using Matrix = Eigen::Matrix<TestType, Eigen::Dynamic, Eigen::Dynamic>;
    Matrix binary(2, 3);
    binary << 0, 1, 1,
              1, 0, 0;
    Matrix expected(2, 3);
    expected << -1, 1, 1,
                1, -1, -1;

    const auto bipolar = toBipolar(binary);

    STATIC_REQUIRE(std::is_same_v<std::decay_t<decltype(bipolar)>, Matrix>);
    REQUIRE(bipolar == expected);
}

TEMPLATE_TEST_CASE("ToBinary_MapsMinusOneToZeroAndOneToOne", "[coding]", float, double)
{
    using Vector = Eigen::Matrix<TestType, Eigen::Dynamic, 1>;
    Vector bipolar(4);
    bipolar << -1, 1, 1, -1;
    Vector expected(4);
    expected << 0, 1, 1, 0;

    REQUIRE(toBinary(bipolar) == expected);
}

TEMPLATE_TEST_CASE("Coding_RoundTripsBothWays", "[coding]", float, double)
{
    using Matrix = Eigen::Matrix<TestType, Eigen::Dynamic, Eigen::Dynamic>;
    Matrix bipolar(3, 2);
    bipolar << 1, -1,
               -1, -1,
               1, 1;

    REQUIRE(toBipolar(toBinary(bipolar)) == bipolar);
    REQUIRE(toBinary(toBipolar(toBinary(bipolar))) == toBinary(bipolar));
}

TEST_CASE("Coding_WorksForSignedIntegersAndExpressions", "[coding]")
{
    Eigen::MatrixXi binary(2, 2);
    binary << 0, 1,
              1, 1;

    // A block (the second column) passes without a copy.
    const Eigen::VectorXi bipolar = toBipolar(binary.col(1));

    REQUIRE(bipolar == Eigen::Vector2i(1, 1));
    REQUIRE(toBinary(Eigen::Vector2i(-1, 1)) == Eigen::Vector2i(0, 1));
}

TEST_CASE("CodingName_NamesBothValues", "[coding]")
{
    REQUIRE(std::string(codingName(Coding::Bipolar)) == "bipolar (-1/+1)");
    REQUIRE(std::string(codingName(Coding::Binary)) == "binary (0/1)");
}

TEST_CASE("Coding_RejectsValuesOutsideTheCoding", "[coding]")
{
    Eigen::MatrixXd binary = Eigen::MatrixXd::Zero(2, 3);
    binary(1, 2) = 0.5;
    REQUIRE_THROWS_MATCHES(toBipolar(binary), std::invalid_argument,
                           MessageContains("toBipolar: binary entry (1, 2) is 0.5, expected a "
                                           "binary (0/1) value"));

    // -1 is bipolar, not binary.
    binary(1, 2) = -1.0;
    REQUIRE_THROWS_MATCHES(toBipolar(binary), std::invalid_argument,
                           MessageContains("entry (1, 2) is -1"));

    Eigen::VectorXf bipolar = Eigen::VectorXf::Ones(3);
    bipolar(1) = 0.0f;
    REQUIRE_THROWS_MATCHES(toBinary(bipolar), std::invalid_argument,
                           MessageContains("toBinary: bipolar entry (1, 0) is 0, expected a "
                                           "bipolar (-1/+1) value"));

    bipolar(1) = std::numeric_limits<float>::quiet_NaN();
    REQUIRE_THROWS_MATCHES(toBinary(bipolar), std::invalid_argument,
                           MessageContains("is nan"));
}
