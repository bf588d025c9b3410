#ifndef EMERGENCE_IMAGE_BINARIZE_HPP
#define EMERGENCE_IMAGE_BINARIZE_HPP

#include <emergence/detail/error.hpp>
#include <emergence/image/coding.hpp>

#include <Eigen/Core>

#include <cmath>
#include <stdexcept>
#include <type_traits>

namespace emergence
{

/**
 * Binarises each image at its own mean: a pixel strictly above the mean of its column
 * becomes high (+1, or 1 in binary coding), every other pixel low (-1, or 0).
 *
 * The mean is computed as min + sum(x - min) / n, so a constant image has a mean exactly
 * equal to its pixels and comes out all low (a plain sum / n can land just below the
 * common value, e.g. for three pixels of 0.7 in double, and turn the image all high). An
 * image of zero pixels has nothing to binarise and gives an empty column.
 *
 * @param images N x P matrix of a floating-point type, one image per column (row-major
 *        pixel order), every entry finite; typically the output of scaleToUnit().
 * @param coding the coding of the result: Coding::Bipolar (-1/+1) or Coding::Binary (0/1).
 * @return an N x P matrix of the same scalar type holding the binarised images.
 * @throws std::invalid_argument if an entry is NaN or infinite.
 */
template <typename Derived>
typename Derived::PlainObject binarizeAtMean(const Eigen::MatrixBase<Derived>& images,
                                             Coding coding = Coding::Bipolar)
{
    using Scalar = typename Derived::Scalar;
    static_assert(std::is_floating_point_v<Scalar>,
                  "binarizeAtMean: the images must hold float or double values; scale 8-bit "
                  "pixels with scaleToUnit() or cast them first.");

    // Evaluated once: an expression argument (a product, say) is not recomputed per pixel,
    // while a plain matrix or a block of one binds without a copy.
    const Eigen::Ref<const Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>> input(images);
    const Scalar low = coding == Coding::Bipolar ? Scalar(-1) : Scalar(0);
    const Scalar high = Scalar(1);
    const Eigen::Index pixels = input.rows();
    typename Derived::PlainObject result(pixels, input.cols());
    if (pixels == 0)
        return result;

    for (Eigen::Index column = 0; column < input.cols(); ++column)
    {
        // A NaN would make every comparison false and silently give an all-low image.
        const auto image = input.col(column);
        if (!image.allFinite())
        {
            Eigen::Index row = 0;
            while (std::isfinite(image(row)))
                ++row;
            throw std::invalid_argument(detail::message("binarizeAtMean: image ", column, " pixel ",
                                                        row, " is ", image(row),
                                                        ", expected a finite value"));
        }

        // Summing offsets from the minimum keeps a constant image's mean exact. Each offset
        // is taken between halves and divided by the count before the sum, so neither an
        // offset nor the sum can overflow, even for values near the largest the type holds.
        const Scalar minimum = image.minCoeff();
        const Scalar halfOffset =
            ((image.array() / Scalar(2) - minimum / Scalar(2)) / Scalar(pixels)).sum();
        const Scalar mean = minimum + Scalar(2) * halfOffset;
        for (Eigen::Index row = 0; row < pixels; ++row)
            result(row, column) = image(row) > mean ? high : low;
    }
    return result;
}

} // namespace emergence

#endif // EMERGENCE_IMAGE_BINARIZE_HPP
