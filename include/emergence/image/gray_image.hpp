#ifndef EMERGENCE_IMAGE_GRAY_IMAGE_HPP
#define EMERGENCE_IMAGE_GRAY_IMAGE_HPP

#include <emergence/detail/error.hpp>

#include <Eigen/Core>

#include <cstdint>
#include <stdexcept>

namespace emergence
{

/**
 * An 8-bit greyscale image as a height x width matrix: entry (r, c) is the pixel in row r
 * (from the top) and column c (from the left), 0 black and 255 white.
 */
using GrayImage = Eigen::Matrix<std::uint8_t, Eigen::Dynamic, Eigen::Dynamic>;

/**
 * Turns an image into one column in row-major pixel order (pixel (r, c) at index
 * r * width + c), the order of IDX files and of the library's image sets (one per column).
 *
 * @param image a height x width image of any scalar type (a GrayImage, or scaled values).
 * @return a column of height * width entries.
 */
template <typename Derived>
Eigen::Matrix<typename Derived::Scalar, Eigen::Dynamic, 1>
flattenImage(const Eigen::MatrixBase<Derived>& image)
{
    const Eigen::Index width = image.cols();
    Eigen::Matrix<typename Derived::Scalar, Eigen::Dynamic, 1> column(image.size());

    for (Eigen::Index r = 0; r < image.rows(); ++r)
    {
        for (Eigen::Index c = 0; c < width; ++c)
            column(r * width + c) = image(r, c);
    }
    return column;
}

/**
 * Turns a column in row-major pixel order back into a rows x columns image; the inverse of
 * flattenImage(). Pass images.col(k) to take image k of a set.
 *
 * @param column a column vector of rows * columns entries of any scalar type.
 * @param rows the image height, at least 1.
 * @param columns the image width, at least 1.
 * @return the rows x columns image, of the column's scalar type (a GrayImage for 8-bit).
 * @throws std::invalid_argument if column is not a column vector, if rows or columns is
 *         below 1, or if the column does not have rows * columns entries.
 */
template <typename Derived>
Eigen::Matrix<typename Derived::Scalar, Eigen::Dynamic, Eigen::Dynamic>
unflattenImage(const Eigen::MatrixBase<Derived>& column, Eigen::Index rows, Eigen::Index columns)
{
    if (column.cols() != 1)
        throw std::invalid_argument(detail::message("unflattenImage: the input is ", column.rows(),
                                                    " x ", column.cols(),
                                                    ", expected a column vector"));
    if (rows < 1 || columns < 1)
        throw std::invalid_argument(detail::message("unflattenImage: image size ", rows, " x ",
                                                    columns, ", expected at least 1 x 1"));

    // Compared by division so that a huge rows * columns cannot overflow.
    const Eigen::Index size = column.rows();
    if (size % columns != 0 || size / columns != rows)
        throw std::invalid_argument(detail::message("unflattenImage: the column has ", size,
                                                    " entries, expected ", rows, " x ", columns));

    Eigen::Matrix<typename Derived::Scalar, Eigen::Dynamic, Eigen::Dynamic> image(rows, columns);
    for (Eigen::Index r = 0; r < rows; ++r)
    {
        for (Eigen::Index c = 0; c < columns; ++c)
            image(r, c) = column(r * columns + c, 0);
    }
    return image;
}

} // namespace emergence

#endif // EMERGENCE_IMAGE_GRAY_IMAGE_HPP
