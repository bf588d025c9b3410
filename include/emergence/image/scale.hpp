#ifndef EMERGENCE_IMAGE_SCALE_HPP
#define EMERGENCE_IMAGE_SCALE_HPP

#include <emergence/detail/error.hpp>

#include <Eigen/Core>

#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <type_traits>

namespace emergence
{

/**
 * Maps 8-bit pixel values 0..255 to [0, 1] by dividing by 255, the usual input scaling for
 * Boltzmann machines and for binarisation.
 *
 * 0 maps to exactly 0 and 255 to exactly 1 (IEEE division of 255 by 255 is exact), so a
 * black or white image never yields NaN or values outside [0, 1].
 *
 * @tparam Scalar the floating-point type of the result (float by default, or double).
 * @param pixels matrix of any shape, e.g. 784 x P with one image per column; std::uint8_t,
 *        another integer type or a floating-point type, every entry in [0, 255].
 * @return a matrix of the same shape with entries pixel / 255.
 * @throws std::invalid_argument if an entry is NaN or outside [0, 255] (only possible for
 *         scalar types other than std::uint8_t).
 */
template <typename Scalar = float, typename Derived>
Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>
scaleToUnit(const Eigen::MatrixBase<Derived>& pixels)
{
    using Input = typename Derived::Scalar;
    static_assert(std::is_floating_point_v<Scalar>,
                  "scaleToUnit: the result scalar must be a floating-point type; write "
                  "scaleToUnit<float>(pixels) or scaleToUnit<double>(pixels).");
    static_assert(std::is_arithmetic_v<Input>,
                  "scaleToUnit: the pixels must hold an arithmetic type such as std::uint8_t, "
                  "int, float or double.");

    // Every std::uint8_t is a valid pixel, so only wider types need the range check.
    if constexpr (!std::is_same_v<Input, std::uint8_t>)
    {
        for (Eigen::Index column = 0; column < pixels.cols(); ++column)
        {
            for (Eigen::Index row = 0; row < pixels.rows(); ++row)
            {
                // Compared as double so that no integer type wraps 255 or warns about a
                // comparison that is always true; negated so that NaN is rejected too.
                const Input value = pixels(row, column);
                const auto wide = static_cast<double>(value);
                if (!(wide >= 0.0 && wide <= 255.0))
                    throw std::invalid_argument(detail::message("scaleToUnit: pixel (", row, ", ",
                                                                column, ") is ", value,
                                                                ", expected a value in [0, 255]"));
            }
        }
    }

    // Dividing in the result type, not in double then narrowing, rounds only once.
    return pixels.template cast<Scalar>() / Scalar(255);
}

} // namespace emergence

#endif // EMERGENCE_IMAGE_SCALE_HPP
