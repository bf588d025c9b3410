// Matrix aliases and random bipolar test patterns shared by the Hopfield tests.
#ifndef EMERGENCE_TESTS_SUPPORT_RANDOM_PATTERNS_HPP
#define EMERGENCE_TESTS_SUPPORT_RANDOM_PATTERNS_HPP

#include <Eigen/Core>

#include <cstdint>
#include <random>

namespace emergence::test
{

/// Dense matrix of a test's scalar type.
template <typename Scalar>
using MatrixOf = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;

/// Dense column vector of a test's scalar type.
template <typename Scalar>
using VectorOf = Eigen::Matrix<Scalar, Eigen::Dynamic, 1>;

/** A rows x cols matrix of -1/+1 entries, each from one bit of a seeded engine. */
template <typename Scalar>
MatrixOf<Scalar> randomBipolar(Eigen::Index rows, Eigen::Index cols, std::uint64_t seed)
{
    std::mt19937_64 engine(seed);
    MatrixOf<Scalar> result(rows, cols);
    for (Eigen::Index j = 0; j < cols; ++j)
        for (Eigen::Index i = 0; i < rows; ++i)
            result(i, j) = (engine() & 1U) ? Scalar(1) : Scalar(-1);
    return result;
}

} // namespace emergence::test

#endif // EMERGENCE_TESTS_SUPPORT_RANDOM_PATTERNS_HPP
