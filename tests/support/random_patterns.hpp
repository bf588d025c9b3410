// Random bipolar test patterns shared by the Hopfield tests.
#ifndef EMERGENCE_TESTS_SUPPORT_RANDOM_PATTERNS_HPP
#define EMERGENCE_TESTS_SUPPORT_RANDOM_PATTERNS_HPP

#include <Eigen/Core>

#include <cstdint>
#include <random>

namespace emergence::test
{

/** A rows x cols matrix of -1/+1 entries, each from one bit of a seeded engine. */
template <typename Scalar>
Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>
randomBipolar(Eigen::Index rows, Eigen::Index cols, std::uint64_t seed)
{
    std::mt19937_64 engine(seed);
    Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic> result(rows, cols);
    for (Eigen::Index j = 0; j < cols; ++j)
        for (Eigen::Index i = 0; i < rows; ++i)
            result(i, j) = (engine() & 1U) ? Scalar(1) : Scalar(-1);
    return result;
}

} // namespace emergence::test

#endif // EMERGENCE_TESTS_SUPPORT_RANDOM_PATTERNS_HPP
