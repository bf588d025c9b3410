#ifndef EMERGENCE_IMAGE_IMAGE_GRID_HPP
#define EMERGENCE_IMAGE_IMAGE_GRID_HPP

#include <emergence/detail/error.hpp>
#include <emergence/image/gray_image.hpp>

#include <Eigen/Core>

#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <type_traits>

namespace emergence
{

/**
 * How imageGrid() lays images out: a rows x columns table of cells, filled row by row,
 * `padding` background pixels between cells and around the edge, and each image pixel drawn
 * as an upscale x upscale block.
 */
struct GridLayout
{
    Eigen::Index rows = 1;         ///< cells down, at least 1
    Eigen::Index columns = 1;      ///< cells across, at least 1
    Eigen::Index padding = 2;      ///< background pixels between and around cells, at least 0
    Eigen::Index upscale = 1;      ///< output pixels per image pixel along each axis, >= 1
    std::uint8_t background = 128; ///< grey of the padding and of empty cells
};

namespace detail
{

/// Multiplies two non-negative sizes; returns false instead of overflowing.
inline bool multiplySizes(Eigen::Index a, Eigen::Index b, Eigen::Index& product)
{
    if (a != 0 && b > std::numeric_limits<Eigen::Index>::max() / a)
        return false;

    product = a * b;
    return true;
}

/**
 * One side of a grid: `cells` cells of `cellPixels` image pixels, each drawn `upscale` times,
 * with `padding` between and around them. Returns false instead of overflowing.
 */
inline bool gridExtent(Eigen::Index cells, Eigen::Index cellPixels, Eigen::Index upscale,
                       Eigen::Index padding, Eigen::Index& extent)
{
    const Eigen::Index largest = std::numeric_limits<Eigen::Index>::max();
    Eigen::Index cell = 0;
    Eigen::Index cellsAndGaps = 0;
    if (!multiplySizes(cellPixels, upscale, cell) || cell > largest - padding ||
        !multiplySizes(cells, cell + padding, cellsAndGaps) || cellsAndGaps > largest - padding)
        return false;

    extent = cellsAndGaps + padding;
    return true;
}

/// Maps a value linearly from [low, high] to the nearest grey in 0..255, clamping outside.
inline std::uint8_t greyLevel(double value, double low, double high)
{
    // Clamped before rounding so the conversion to 8 bits is always in range.
    const double grey = (value - low) / (high - low) * 255.0;
    const double clamped = grey < 0.0 ? 0.0 : (grey > 255.0 ? 255.0 : grey);
    return static_cast<std::uint8_t>(std::round(clamped));
}

} // namespace detail

/**
 * Draws a set of images as one greyscale picture, for figures: patterns, cues, recalls,
 * filters or samples side by side.
 *
 * Values are mapped linearly from [low, high] to [0, 255], clamped, and rounded to the
 * nearest grey (halves away from zero). Use low = -1, high = 1 for bipolar states;
 * low = 0, high = 1 for [0, 1] images; the defaults leave 8-bit pixels unchanged.
 *
 * The picture is layout.rows * (imageRows * upscale) + (layout.rows + 1) * padding pixels
 * high, and likewise wide.
 *
 * @param images (imageRows * imageColumns) x count matrix, one image per column in
 *        row-major pixel order; any arithmetic scalar; no NaN.
 * @param imageRows height of each image, at least 1.
 * @param imageColumns width of each image, at least 1.
 * @param layout the table: count <= layout.rows * layout.columns; empty cells stay background.
 * @param low the value drawn black; finite.
 * @param high the value drawn white; finite, greater than low.
 * @return the picture, ready for writePng().
 * @throws std::invalid_argument if a size is out of range, the images do not have
 *         imageRows * imageColumns rows, they do not fit the table, low >= high or either is
 *         not finite, an entry is NaN, or the picture would be too large to index.
 */
template <typename Derived>
GrayImage imageGrid(const Eigen::MatrixBase<Derived>& images, Eigen::Index imageRows,
                    Eigen::Index imageColumns, const GridLayout& layout, double low = 0.0,
                    double high = 255.0)
{
    using Scalar = typename Derived::Scalar;
    static_assert(std::is_arithmetic_v<Scalar>,
                  "imageGrid: the images must hold an arithmetic type such as std::uint8_t, "
                  "float or double.");

    // Image and layout sizes.
    if (imageRows < 1 || imageColumns < 1)
        throw std::invalid_argument(detail::message("imageGrid: image size ", imageRows, " x ",
                                                    imageColumns, ", expected at least 1 x 1"));
    if (layout.rows < 1 || layout.columns < 1)
        throw std::invalid_argument(detail::message("imageGrid: layout of ", layout.rows, " x ",
                                                    layout.columns,
                                                    " cells, expected at least 1 x 1"));
    if (layout.upscale < 1)
        throw std::invalid_argument(
            detail::message("imageGrid: upscale is ", layout.upscale, ", expected at least 1"));
    if (layout.padding < 0)
        throw std::invalid_argument(
            detail::message("imageGrid: padding is ", layout.padding, ", expected at least 0"));

    // The images must match the stated size and fit the table.
    Eigen::Index pixels = 0;
    Eigen::Index cells = 0;
    if (!detail::multiplySizes(imageRows, imageColumns, pixels) || images.rows() != pixels)
        throw std::invalid_argument(detail::message("imageGrid: images have ", images.rows(),
                                                    " rows, expected ", imageRows, " x ",
                                                    imageColumns, " (one image per column)"));
    const bool tableOverflows = !detail::multiplySizes(layout.rows, layout.columns, cells);
    if (!tableOverflows && images.cols() > cells)
        throw std::invalid_argument(detail::message("imageGrid: ", images.cols(),
                                                    " images do not fit a ", layout.rows, " x ",
                                                    layout.columns, " grid (", cells, " cells)"));

    // Written negated so that NaN limits fail too.
    if (!(std::isfinite(low) && std::isfinite(high) && low < high && std::isfinite(high - low)))
        throw std::invalid_argument(detail::message(
            "imageGrid: low is ", low, " and high is ", high,
            ", expected finite values with low < high and a finite difference"));

    // The picture's size, checked against overflow.
    Eigen::Index height = 0;
    Eigen::Index width = 0;
    if (!detail::gridExtent(layout.rows, imageRows, layout.upscale, layout.padding, height) ||
        !detail::gridExtent(layout.columns, imageColumns, layout.upscale, layout.padding, width) ||
        !detail::multiplySizes(height, width, pixels))
        throw std::invalid_argument(
            detail::message("imageGrid: a grid of ", layout.rows, " x ", layout.columns,
                            " cells of ", imageRows, " x ", imageColumns, " pixels, upscale ",
                            layout.upscale, " and padding ", layout.padding, " is too large"));

    // Evaluated once, so an expression argument is not recomputed per pixel.
    const Eigen::Ref<const Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>> input(images);
    const Eigen::Index step = layout.upscale;
    GrayImage grid = GrayImage::Constant(height, width, layout.background);
    for (Eigen::Index k = 0; k < input.cols(); ++k)
    {
        // Cells fill row by row; each starts after the padding that precedes it.
        const Eigen::Index top =
            layout.padding + (k / layout.columns) * (imageRows * step + layout.padding);
        const Eigen::Index left =
            layout.padding + (k % layout.columns) * (imageColumns * step + layout.padding);

        for (Eigen::Index r = 0; r < imageRows; ++r)
        {
            for (Eigen::Index c = 0; c < imageColumns; ++c)
            {
                const auto value = static_cast<double>(input(r * imageColumns + c, k));
                if (std::isnan(value))
                    throw std::invalid_argument(detail::message("imageGrid: image ", k, " pixel (",
                                                                r, ", ", c, ") is NaN"));

                grid.block(top + r * step, left + c * step, step, step)
                    .setConstant(detail::greyLevel(value, low, high));
            }
        }
    }
    return grid;
}

} // namespace emergence

#endif // EMERGENCE_IMAGE_IMAGE_GRID_HPP
