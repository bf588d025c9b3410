// Tests for image/gray_image.hpp: flattening to row-major columns and back.
#include <emergence/image/gray_image.hpp>

#include "support/io_support.hpp"

#include <catch2/catch.hpp>

#include <Eigen/Core>

#include <cstdint>
#include <type_traits>

using emergence::flattenImage;
using emergence::GrayImage;
using emergence::unflattenImage;
using emergence::test::MessageContains;

TEST_CASE("FlattenImage_UsesRowMajorOrder", "[gray_image]")
{
    // Pixel (r, c) of a 2 x 3 image goes to index 3 r + c.
    GrayImage image(2, 3);
    image << 1, 2, 3,
             4, 5, 6;

    const auto column = flattenImage(image);

    STATIC_REQUIRE(std::is_same_v<std::decay_t<decltype(column)>,
                                  Eigen::Matrix<std::uint8_t, Eigen::Dynamic, 1>>);
    REQUIRE(column.size() == 6);
    for (int i = 0; i < 6; ++i)
        REQUIRE(int(column(i)) == i + 1);
}

TEST_CASE("UnflattenImage_InvertsFlattenImage", "[gray_image]")
{
    Eigen::Matrix<std::uint8_t, Eigen::Dynamic, 1> column(6);
    column << 1, 2, 3, 4, 5, 6;
    GrayImage expected(3, 2);
    expected << 1, 2,
                3, 4,
                5, 6;

    const GrayImage image = unflattenImage(column, 3, 2);

    REQUIRE(image == expected);
    REQUIRE(flattenImage(image) == column);
}

TEST_CASE("UnflattenImage_TakesColumnsOfAnImageSet", "[gray_image]")
{
    // Two 2 x 2 float images, one per column; the second is [[0.5, 1], [0, 0.25]].
    Eigen::MatrixXf images(4, 2);
    images << 0, 0.5f,
              0, 1,
              0, 0,
              0, 0.25f;

    const Eigen::MatrixXf second = unflattenImage(images.col(1), 2, 2);

    REQUIRE(second(0, 0) == 0.5f);
    REQUIRE(second(0, 1) == 1.0f);
    REQUIRE(second(1, 0) == 0.0f);
    REQUIRE(second(1, 1) == 0.25f);
}

TEST_CASE("UnflattenImage_RejectsWrongSizes", "[gray_image]")
{
    const Eigen::VectorXd column = Eigen::VectorXd::Zero(6);

    REQUIRE_THROWS_MATCHES(unflattenImage(column, 4, 2), std::invalid_argument,
                           MessageContains("unflattenImage: the column has 6 entries, expected "
                                           "4 x 2"));
    REQUIRE_THROWS_MATCHES(unflattenImage(column, 0, 6), std::invalid_argument,
                           MessageContains("image size 0 x 6, expected at least 1 x 1"));
    REQUIRE_THROWS_MATCHES(unflattenImage(column, 6, -1), std::invalid_argument,
                           MessageContains("image size 6 x -1"));
    REQUIRE_THROWS_MATCHES(unflattenImage(Eigen::MatrixXd::Zero(3, 2), 3, 2),
                           std::invalid_argument,
                           MessageContains("the input is 3 x 2, expected a column vector"));
}
