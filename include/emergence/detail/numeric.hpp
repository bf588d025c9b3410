#ifndef EMERGENCE_DETAIL_NUMERIC_HPP
#define EMERGENCE_DETAIL_NUMERIC_HPP

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <limits>

namespace emergence::detail
{

/**
 * The logistic function 1 / (1 + e^-x), without overflow for any finite x: the exponential
 * is only ever taken of a non-positive number, so sigmoid(1000) is exactly 1 and
 * sigmoid(-1000) exactly 0 in float and double.
 */
template <typename Scalar>
Scalar sigmoid(Scalar x)
{
    if (x >= Scalar(0))
        return Scalar(1) / (Scalar(1) + std::exp(-x));
    const Scalar e = std::exp(x);
    return e / (Scalar(1) + e);
}

/**
 * softplus(x) = log(1 + e^x), written as max(x, 0) + log1p(e^-|x|) so that it neither
 * overflows for large x (softplus(1000) = 1000) nor loses the small values for very
 * negative x.
 */
template <typename Scalar>
Scalar softplus(Scalar x)
{
    return std::max(x, Scalar(0)) + std::log1p(std::exp(-std::abs(x)));
}

/**
 * The sigmoid applied to every entry of an Eigen array expression, vectorised by Eigen.
 * Results below sqrt(smallest normal) (about 1e-19 in float, 1e-154 in double) are returned
 * as exactly 0, so that neither they nor the product of two of them is subnormal.
 */
template <typename Derived>
auto sigmoidArray(const Eigen::ArrayBase<Derived>& x)
{
    using Scalar = typename Derived::Scalar;

    // 1 / (1 + e^-x): for very negative x the exponential overflows to infinity (or Eigen's
    // clamped largest value) and the quotient goes to 0, never to NaN; for large x it is 1.
    const auto y = Scalar(1) / (Scalar(1) + (-x).exp());

    // Subnormal numbers take a slow path on x86: probabilities near 0, and products of two
    // of them in the RBM gradient, made a whole training run 7x slower (measured). Such
    // probabilities are flushed to 0; the factor min(floor(y / cut), 1) is 0 for them and
    // 1 for all others, and unlike a select() it keeps the expression vectorised.
    const Scalar inverseCut = Scalar(1) / std::sqrt(std::numeric_limits<Scalar>::min());
    return y * (y * inverseCut).floor().min(Scalar(1));
}

/**
 * The softplus of every entry of an Eigen array expression, vectorised by Eigen.
 *
 * Written with log(1 + e^-|x|) rather than log1p, which Eigen 3.4 evaluates one scalar at
 * a time (ten times slower in the exact partition function). The difference is below
 * e^-|x| in absolute terms, where e^-|x| is itself below the rounding of 1 + e^-|x|.
 */
template <typename Derived>
auto softplusArray(const Eigen::ArrayBase<Derived>& x)
{
    using Scalar = typename Derived::Scalar;
    return x.max(Scalar(0)) + (Scalar(1) + (-x.abs()).exp()).log();
}

/**
 * Running log-sum-exp: add terms one by one (or by blocks), read log(sum exp(term)) at the
 * end. Keeps the largest term seen as the reference, so no exponential overflows, and sums
 * in double whatever the model's scalar type.
 */
class LogSumExp
{
public:
    /// Adds one term.
    void add(double term)
    {
        // e^-inf = 0 adds nothing; handled first because -inf - -inf would be NaN.
        if (term == -std::numeric_limits<double>::infinity())
            return;
        if (term <= m_maximum)
        {
            m_sum += std::exp(term - m_maximum);
            return;
        }

        // A new largest term: rescale what has been summed so far to the new reference.
        m_sum = m_sum * std::exp(m_maximum - term) + 1.0;
        m_maximum = term;
    }

    /// Adds every entry of an array of terms.
    template <typename Derived>
    void addAll(const Eigen::ArrayBase<Derived>& terms)
    {
        if (terms.size() == 0)
            return;

        const double blockMaximum = static_cast<double>(terms.maxCoeff());
        if (blockMaximum > m_maximum)
        {
            m_sum *= std::exp(m_maximum - blockMaximum);
            m_maximum = blockMaximum;
        }
        m_sum += (terms.template cast<double>() - m_maximum).exp().sum();
    }

    /// log of the sum of exp(term); -infinity before any term is added.
    double value() const { return m_maximum + std::log(m_sum); }

private:
    double m_maximum = -std::numeric_limits<double>::infinity();
    double m_sum = 0.0;
};

} // namespace emergence::detail

#endif // EMERGENCE_DETAIL_NUMERIC_HPP
