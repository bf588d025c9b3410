#ifndef EMERGENCE_IMAGE_CODING_HPP
#define EMERGENCE_IMAGE_CODING_HPP

#include <emergence/detail/error.hpp>

#include <Eigen/Core>

#include <stdexcept>
#include <type_traits>

namespace emergence
{

/**
 * How binary states are written down. Hopfield dynamics work on bipolar states (-1/+1);
 * images binarised for display or for Boltzmann machines are often binary (0/1). Functions
 * that accept either take a Coding argument and return results in the caller's coding.
 */
enum class Coding
{
    Bipolar, ///< states are -1 and +1
    Binary   ///< states are 0 and 1
};

/// The name of a coding, for messages: "bipolar (-1/+1)" or "binary (0/1)".
inline const char* codingName(Coding coding)
{
    return coding == Coding::Bipolar ? "bipolar (-1/+1)" : "binary (0/1)";
}

namespace detail
{

/**
 * Throws std::invalid_argument unless every entry of `states` is one of the two values of
 * `coding`. The message names the function, the first bad entry and its value.
 */
template <typename Derived>
void checkCoding(const Eigen::MatrixBase<Derived>& states, Coding coding, const char* function,
                 const char* what)
{
    using Scalar = typename Derived::Scalar;
    const Scalar low = coding == Coding::Bipolar ? Scalar(-1) : Scalar(0);
    const Scalar high = Scalar(1);

    // One branch-free pass over everything; the search for the culprit runs only on failure.
    const auto values = states.array();
    if (((values == low) || (values == high)).all())
        return;

    for (Eigen::Index column = 0; column < states.cols(); ++column)
    {
        for (Eigen::Index row = 0; row < states.rows(); ++row)
        {
            const Scalar value = states(row, column);
            if (value != low && value != high)
                throw std::invalid_argument(message(
                    function, ": ", what, " entry (", row, ", ", column, ") is ", value,
                    ", expected a ", codingName(coding), " value"));
        }
    }
}

} // namespace detail

/**
 * Converts binary states (0/1) to bipolar states (-1/+1): s = 2v - 1.
 *
 * @param binary states of any shape whose entries are exactly 0 or 1.
 * @return a matrix of the same shape and scalar type with entries -1 and +1.
 * @throws std::invalid_argument if an entry is neither 0 nor 1.
 */
template <typename Derived>
typename Derived::PlainObject toBipolar(const Eigen::MatrixBase<Derived>& binary)
{
    using Scalar = typename Derived::Scalar;
    static_assert(std::is_signed_v<Scalar>,
                  "toBipolar: the scalar type must be signed to hold -1; cast the matrix to "
                  "float, double or a signed integer first.");

    detail::checkCoding(binary, Coding::Binary, "toBipolar", "binary");
    return (binary.array() * Scalar(2) - Scalar(1)).matrix();
}

/**
 * Converts bipolar states (-1/+1) to binary states (0/1): v = (s + 1) / 2.
 *
 * @param bipolar states of any shape whose entries are exactly -1 or +1.
 * @return a matrix of the same shape and scalar type with entries 0 and 1.
 * @throws std::invalid_argument if an entry is neither -1 nor +1.
 */
template <typename Derived>
typename Derived::PlainObject toBinary(const Eigen::MatrixBase<Derived>& bipolar)
{
    using Scalar = typename Derived::Scalar;

    detail::checkCoding(bipolar, Coding::Bipolar, "toBinary", "bipolar");
    return (bipolar.array() + Scalar(1)).matrix() / Scalar(2);
}

} // namespace emergence

#endif // EMERGENCE_IMAGE_CODING_HPP
