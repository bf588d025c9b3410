// Tests for image/image_grid.hpp: hand-drawn grids, the value mapping, layout order,
// upscaling and every argument check.
#include <emergence/image/image_grid.hpp>

#include "support/io_support.hpp"

#include <catch2/catch.hpp>

#include <Eigen/Core>

#include <cstdint>
#include <limits>

using emergence::GrayImage;
using emergence::GridLayout;
using emergence::imageGrid;
using emergence::test::MessageContains;

TEMPLATE_TEST_CASE("ImageGrid_DrawsHandCheckedBipolarGrid", "[image_grid]", float, double)
{
    // Two 2 x 2 images in a 1 x 3 table (the third cell stays empty), padding 1, background 7.
    // With low -1 and high 1: -1 -> 0, 0 -> 127.5 -> 128, 1 -> 255.
    Eigen::Matrix<TestType, Eigen::Dynamic, Eigen::Dynamic> images(4, 2);
    images << 1, -1,
              -1, 0,
              -1, 1,
              1, -1;
    GridLayout layout;
    layout.rows = 1;
    layout.columns = 3;
    layout.padding = 1;
    layout.background = 7;

    const GrayImage grid = imageGrid(images, 2, 2, layout, -1.0, 1.0);

    // 4 = 2 + 2 * 1 rows; 10 = 3 * 2 + 4 * 1 columns.
    GrayImage expected(4, 10);
    expected << 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
                7, 255, 0, 7, 0, 128, 7, 7, 7, 7,
                7, 0, 255, 7, 255, 0, 7, 7, 7, 7,
                7, 7, 7, 7, 7, 7, 7, 7, 7, 7;
    REQUIRE(grid == expected);
}

TEMPLATE_TEST_CASE("ImageGrid_MapsClampsAndRounds", "[image_grid]", float, double)
{
    // (v + 1) / 2 * 255 by hand: -1 -> 0, -0.5 -> 63.75 -> 64, 0 -> 127.5 -> 128,
    // 0.5 -> 191.25 -> 191, 1 -> 255; 2 and -5 are clamped to 255 and 0.
    Eigen::Matrix<TestType, Eigen::Dynamic, 1> values(7);
    values << -1, -0.5, 0, 0.5, 1, 2, -5;
    GridLayout layout;
    layout.padding = 0;

    const GrayImage grid = imageGrid(values, 1, 7, layout, -1.0, 1.0);

    GrayImage expected(1, 7);
    expected << 0, 64, 128, 191, 255, 255, 0;
    REQUIRE(grid == expected);
}

TEST_CASE("ImageGrid_LeavesBytesUnchangedByDefault", "[image_grid]")
{
    Eigen::Matrix<std::uint8_t, Eigen::Dynamic, 1> pixels(4);
    pixels << 0, 1, 254, 255;
    GridLayout layout;
    layout.padding = 0;

    const GrayImage grid = imageGrid(pixels, 2, 2, layout);

    GrayImage expected(2, 2);
    expected << 0, 1,
                254, 255;
    REQUIRE(grid == expected);
}

TEST_CASE("ImageGrid_FillsCellsRowByRow", "[image_grid]")
{
    // Three 1 x 1 images in a 2 x 2 table: the third starts the second row.
    Eigen::Matrix<std::uint8_t, 1, 3> pixels(10, 20, 30);
    GridLayout layout;
    layout.rows = 2;
    layout.columns = 2;
    layout.padding = 0;
    layout.background = 99;

    const GrayImage grid = imageGrid(pixels, 1, 1, layout);

    GrayImage expected(2, 2);
    expected << 10, 20,
                30, 99;
    REQUIRE(grid == expected);
}

TEST_CASE("ImageGrid_UpscalesEachPixelToABlock", "[image_grid]")
{
    // One 1 x 2 image [0, 1] in [0, 1], each pixel drawn 2 x 2, then the same with padding 1.
    Eigen::Vector2d image(0.0, 1.0);
    GridLayout layout;
    layout.padding = 0;
    layout.upscale = 2;

    GrayImage expected(2, 4);
    expected << 0, 0, 255, 255,
                0, 0, 255, 255;
    REQUIRE(imageGrid(image, 1, 2, layout, 0.0, 1.0) == expected);

    layout.padding = 1;
    layout.background = 50;
    GrayImage padded(4, 6);
    padded << 50, 50, 50, 50, 50, 50,
              50, 0, 0, 255, 255, 50,
              50, 0, 0, 255, 255, 50,
              50, 50, 50, 50, 50, 50;
    REQUIRE(imageGrid(image, 1, 2, layout, 0.0, 1.0) == padded);
}

TEST_CASE("ImageGrid_RejectsBadSizes", "[image_grid]")
{
    const Eigen::MatrixXd images = Eigen::MatrixXd::Zero(6, 4);
    GridLayout layout;
    layout.rows = 2;
    layout.columns = 2;

    REQUIRE_THROWS_MATCHES(imageGrid(images, 0, 6, layout), std::invalid_argument,
                           MessageContains("imageGrid: image size 0 x 6, expected at least "
                                           "1 x 1"));
    REQUIRE_THROWS_MATCHES(imageGrid(images, 2, 2, layout), std::invalid_argument,
                           MessageContains("images have 6 rows, expected 2 x 2"));

    GridLayout small = layout;
    small.columns = 1;
    REQUIRE_THROWS_MATCHES(imageGrid(images, 2, 3, small), std::invalid_argument,
                           MessageContains("4 images do not fit a 2 x 1 grid (2 cells)"));

    GridLayout none = layout;
    none.rows = 0;
    REQUIRE_THROWS_MATCHES(imageGrid(images, 2, 3, none), std::invalid_argument,
                           MessageContains("layout of 0 x 2 cells, expected at least 1 x 1"));

    GridLayout flat = layout;
    flat.upscale = 0;
    REQUIRE_THROWS_MATCHES(imageGrid(images, 2, 3, flat), std::invalid_argument,
                           MessageContains("upscale is 0, expected at least 1"));

    GridLayout negative = layout;
    negative.padding = -2;
    REQUIRE_THROWS_MATCHES(imageGrid(images, 2, 3, negative), std::invalid_argument,
                           MessageContains("padding is -2, expected at least 0"));

    GridLayout huge = layout;
    huge.upscale = Eigen::Index(1) << 40;
    REQUIRE_THROWS_MATCHES(imageGrid(images, 2, 3, huge), std::invalid_argument,
                           MessageContains("upscale 1099511627776") &&
                               MessageContains("is too large"));
}

TEST_CASE("ImageGrid_RejectsBadLimitsAndNaN", "[image_grid]")
{
    Eigen::MatrixXf images = Eigen::MatrixXf::Zero(4, 2);
    GridLayout layout;
    layout.columns = 2;
    const double nan = std::numeric_limits<double>::quiet_NaN();

    REQUIRE_THROWS_MATCHES(imageGrid(images, 2, 2, layout, 1.0, 1.0), std::invalid_argument,
                           MessageContains("low is 1 and high is 1, expected finite values "
                                           "with low < high"));
    REQUIRE_THROWS_MATCHES(imageGrid(images, 2, 2, layout, 2.0, -1.0), std::invalid_argument,
                           MessageContains("low is 2 and high is -1"));
    REQUIRE_THROWS_MATCHES(imageGrid(images, 2, 2, layout, nan, 1.0), std::invalid_argument,
                           MessageContains("low is nan"));

    // Both limits finite and ordered, but high - low overflows to infinity.
    const double largest = std::numeric_limits<double>::max();
    REQUIRE_THROWS_MATCHES(imageGrid(images, 2, 2, layout, -largest, largest),
                           std::invalid_argument, MessageContains("a finite difference"));

    images(3, 1) = std::numeric_limits<float>::quiet_NaN();
    REQUIRE_THROWS_MATCHES(imageGrid(images, 2, 2, layout, 0.0, 1.0), std::invalid_argument,
                           MessageContains("imageGrid: image 1 pixel (1, 1) is NaN"));
}
