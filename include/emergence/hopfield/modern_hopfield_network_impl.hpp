#ifndef EMERGENCE_HOPFIELD_MODERN_HOPFIELD_NETWORK_IMPL_HPP
#define EMERGENCE_HOPFIELD_MODERN_HOPFIELD_NETWORK_IMPL_HPP

// Definitions of ModernHopfieldNetwork; included at the end of modern_hopfield_network.hpp.
#include <emergence/hopfield/modern_hopfield_network.hpp>

#include <emergence/detail/error.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <utility>

namespace emergence
{

namespace detail
{

/**
 * The largest overlap x_mu . xi a modern Hopfield network lets arise in Scalar: a quarter
 * of the largest value, so that differences of two overlaps (taken by the softmax) and the
 * rounding of long sums stay finite.
 */
template <typename Scalar>
double overlapLimit()
{
    return static_cast<double>(std::numeric_limits<Scalar>::max()) / 4;
}

/**
 * Throws std::invalid_argument unless every entry of `converted` (the caller's `values`
 * after conversion to the model's scalar type) is finite; the message names the first bad
 * entry with its value as the caller gave it.
 */
template <typename ConvertedDerived, typename Derived>
void checkFiniteEntries(const Eigen::MatrixBase<ConvertedDerived>& converted,
                        const Eigen::MatrixBase<Derived>& values, const char* function,
                        const char* what)
{
    // One vectorised pass; the search for the culprit runs only on failure.
    if (converted.allFinite())
        return;

    for (Eigen::Index column = 0; column < converted.cols(); ++column)
    {
        for (Eigen::Index row = 0; row < converted.rows(); ++row)
        {
            if (!std::isfinite(converted(row, column)))
                throw std::invalid_argument(message(
                    function, ": ", what, " entry (", row, ", ", column, ") is ",
                    values(row, column), ", expected a finite value in the model's scalar type"));
        }
    }
}

} // namespace detail

template <typename Scalar>
template <typename Derived>
ModernHopfieldNetwork<Scalar>::ModernHopfieldNetwork(const Eigen::MatrixBase<Derived>& patterns)
{
    const char* function = "ModernHopfieldNetwork";
    if (patterns.rows() < 1 || patterns.cols() < 1)
        throw std::invalid_argument(detail::message(
            function, ": patterns are ", patterns.rows(), " x ", patterns.cols(),
            ", expected at least one pattern (column) of at least one unit"));

    // Checked after the conversion to Scalar, since a finite double can overflow a float.
    Matrix converted = patterns.template cast<Scalar>();
    detail::checkFiniteEntries(converted, patterns, function, "pattern");

    // States reached by an update lie in the convex hull of the patterns, so their overlaps
    // with the patterns are at most M^2 in size (Cauchy-Schwarz).
    double largest = 0;
    for (Eigen::Index j = 0; j < converted.cols(); ++j)
        largest = std::max(largest, converted.col(j).template cast<double>().stableNorm());
    if (!(largest * largest <= detail::overlapLimit<Scalar>()))
        throw std::invalid_argument(detail::message(
            function, ": the largest pattern norm is ", largest, ", expected at most ",
            std::sqrt(detail::overlapLimit<Scalar>()),
            " so that overlaps cannot overflow the network's scalar type"));

    m_patterns = std::move(converted);
    m_largestNorm = largest;
}

template <typename Scalar>
template <typename Derived>
RetrievalResult<Scalar>
ModernHopfieldNetwork<Scalar>::retrieve(const Eigen::MatrixBase<Derived>& query,
                                        const RetrievalOptions& options)
{
    const char* function = "ModernHopfieldNetwork::retrieve";
    if (query.cols() != 1)
        throw std::invalid_argument(detail::message(
            function, ": query is ", query.rows(), " x ", query.cols(),
            ", expected a single column of ", units(), " units (use retrieveBatch for many)"));

    BatchRetrievalResult<Scalar> batch = retrieveColumns(query, options, function);

    RetrievalResult<Scalar> result;
    result.state = batch.states.col(0);
    result.status = batch.status[0];
    result.steps = batch.steps[0];
    result.change = batch.change[0];
    return result;
}

template <typename Scalar>
template <typename Derived>
BatchRetrievalResult<Scalar>
ModernHopfieldNetwork<Scalar>::retrieveBatch(const Eigen::MatrixBase<Derived>& queries,
                                             const RetrievalOptions& options)
{
    return retrieveColumns(queries, options, "ModernHopfieldNetwork::retrieveBatch");
}

template <typename Scalar>
template <typename Derived>
typename ModernHopfieldNetwork<Scalar>::Vector
ModernHopfieldNetwork<Scalar>::patternWeights(const Eigen::MatrixBase<Derived>& state,
                                              double beta) const
{
    const char* function = "ModernHopfieldNetwork::patternWeights";
    checkSingleState(state, function);
    const Scalar scaledBeta = checkedBeta(beta, function);

    Matrix weights = m_patterns.transpose() * state.template cast<Scalar>();
    softmaxColumns(weights, 1, scaledBeta);
    return weights.col(0);
}

template <typename Scalar>
template <typename Derived>
double ModernHopfieldNetwork<Scalar>::energy(const Eigen::MatrixBase<Derived>& state,
                                             double beta) const
{
    const char* function = "ModernHopfieldNetwork::energy";
    checkSingleState(state, function);
    if (!(std::isfinite(beta) && beta > 0))
        throw std::invalid_argument(detail::message(
            function, ": beta is ", beta, ", expected a finite value above 0"));

    // Overlaps in double, one pattern at a time, so that the energies of consecutive
    // steps can be told apart even when the network is float.
    const Eigen::VectorXd xi = state.template cast<Scalar>().template cast<double>();
    Eigen::ArrayXd overlaps(patternCount());
    for (Eigen::Index mu = 0; mu < patternCount(); ++mu)
        overlaps(mu) = m_patterns.col(mu).template cast<double>().dot(xi);

    // -lse(beta, z) + log(P) / beta = -max(z) - log(mean(exp(beta d))) / beta with d <= 0;
    // expm1 and log1p keep the small-beta limit -mean(z) free of cancellation.
    const double top = overlaps.maxCoeff();
    const double meanExpm1 = ((overlaps - top) * beta).expm1().mean();
    const double attraction = -top - std::log1p(meanExpm1) / beta;
    return attraction + 0.5 * xi.squaredNorm() + 0.5 * m_largestNorm * m_largestNorm;
}

template <typename Scalar>
template <typename Derived>
BatchRetrievalResult<Scalar>
ModernHopfieldNetwork<Scalar>::retrieveColumns(const Eigen::MatrixBase<Derived>& queries,
                                               const RetrievalOptions& options,
                                               const char* function)
{
    const Scalar beta = checkedBeta(options.beta, function);
    if (!(options.tolerance >= 0))
        throw std::invalid_argument(detail::message(
            function, ": tolerance is ", options.tolerance, ", expected a value >= 0"));
    if (options.maxSteps < 1)
        throw std::invalid_argument(detail::message(
            function, ": maxSteps is ", options.maxSteps, ", expected at least 1"));
    checkStates(queries, function, "query");

    const Eigen::Index count = queries.cols();
    BatchRetrievalResult<Scalar> result;
    result.states.resize(units(), count);
    result.status.assign(count, RetrievalStatus::StepLimit);
    result.steps.assign(count, 0);
    result.change.assign(count, Scalar(0));
    if (count == 0)
        return result;

    // Blocks of columns bound the P x block softmax buffer; buffers only ever grow.
    const Eigen::Index block =
        std::min(count, std::max(Eigen::Index(1), MaxSoftmaxEntries / patternCount()));
    if (m_workspace.current.cols() < block)
    {
        m_workspace.current.resize(units(), block);
        m_workspace.next.resize(units(), block);
        m_workspace.scores.resize(patternCount(), block);
        m_workspace.origin.resize(block);
        m_workspace.change.resize(block);
    }

    for (Eigen::Index first = 0; first < count; first += block)
    {
        const Eigen::Index width = std::min(block, count - first);
        m_workspace.current.leftCols(width) =
            queries.middleCols(first, width).template cast<Scalar>();
        retrieveBlock(first, width, beta, options, result);
    }
    return result;
}

template <typename Scalar>
template <typename Derived>
void ModernHopfieldNetwork<Scalar>::checkStates(const Eigen::MatrixBase<Derived>& states,
                                                const char* function, const char* what) const
{
    if (states.rows() != units())
        throw std::invalid_argument(detail::message(
            function, ": ", what, " has ", states.rows(), " units (rows), the network has ",
            units()));

    detail::checkFiniteEntries(states.template cast<Scalar>(), states, function, what);

    // |x_mu . xi| <= M |xi|: a query far larger than the patterns could overflow Scalar in
    // the first product even though every entry is finite.
    for (Eigen::Index j = 0; j < states.cols(); ++j)
    {
        const double norm =
            states.col(j).template cast<Scalar>().template cast<double>().stableNorm();
        if (!(m_largestNorm * norm <= detail::overlapLimit<Scalar>()))
            throw std::invalid_argument(detail::message(
                function, ": ", what, " ", j, " has norm ", norm, ", expected at most ",
                detail::overlapLimit<Scalar>() / m_largestNorm, " (the largest pattern norm is ",
                m_largestNorm, ", and overlaps must not overflow the network's scalar type)"));
    }
}

template <typename Scalar>
template <typename Derived>
void ModernHopfieldNetwork<Scalar>::checkSingleState(const Eigen::MatrixBase<Derived>& state,
                                                     const char* function) const
{
    if (state.cols() != 1)
        throw std::invalid_argument(detail::message(
            function, ": state is ", state.rows(), " x ", state.cols(), ", expected ", units(),
            " x 1 (one column of units)"));
    checkStates(state, function, "state");
}

template <typename Scalar>
Scalar ModernHopfieldNetwork<Scalar>::checkedBeta(double beta, const char* function)
{
    // Checked after the conversion: 1e-50 is a positive double but 0 as a float.
    const Scalar converted = static_cast<Scalar>(beta);
    if (!(std::isfinite(converted) && converted > Scalar(0)))
        throw std::invalid_argument(detail::message(
            function, ": beta is ", beta,
            ", expected a value above 0 that is finite and positive in the network's scalar "
            "type"));
    return converted;
}

template <typename Scalar>
void ModernHopfieldNetwork<Scalar>::retrieveBlock(Eigen::Index first, Eigen::Index width,
                                                  Scalar beta, const RetrievalOptions& options,
                                                  BatchRetrievalResult<Scalar>& result)
{
    // Queries still moving are kept packed in the leading columns, so each step is two
    // dense products over exactly those; `origin` maps a packed column to its query.
    Matrix& current = m_workspace.current;
    Matrix& next = m_workspace.next;
    Matrix& scores = m_workspace.scores;
    std::vector<Eigen::Index>& origin = m_workspace.origin;
    std::vector<Scalar>& change = m_workspace.change;
    std::iota(origin.begin(), origin.begin() + width, first);
    const Scalar tolerance = static_cast<Scalar>(options.tolerance);
    Eigen::Index active = width;

    for (Eigen::Index step = 1; step <= options.maxSteps && active > 0; ++step)
    {
        scores.leftCols(active).noalias() = m_patterns.transpose() * current.leftCols(active);
        softmaxColumns(scores, active, beta);
        next.leftCols(active).noalias() = m_patterns * scores.leftCols(active);

#ifdef _OPENMP
#pragma omp parallel for schedule(static) if (active >= 64)
#endif
        for (Eigen::Index k = 0; k < active; ++k)
            change[k] = (next.col(k) - current.col(k)).cwiseAbs().maxCoeff();

        // Retire converged columns. Walking backwards, a retired column is swapped with the
        // last active one, which has already been looked at in this step.
        for (Eigen::Index k = active - 1; k >= 0; --k)
        {
            result.steps[origin[k]] = step;
            result.change[origin[k]] = change[k];
            if (!(change[k] <= tolerance))
                continue;

            result.status[origin[k]] = RetrievalStatus::Converged;
            result.states.col(origin[k]) = next.col(k);
            --active;
            next.col(k).swap(next.col(active));
            current.col(k).swap(current.col(active));
            std::swap(origin[k], origin[active]);
        }

        current.swap(next);
    }

    // Queries still moving at the step limit keep status StepLimit.
    for (Eigen::Index k = 0; k < active; ++k)
        result.states.col(origin[k]) = current.col(k);
}

template <typename Scalar>
void ModernHopfieldNetwork<Scalar>::softmaxColumns(Matrix& scores, Eigen::Index columns,
                                                   Scalar beta)
{
    // Subtracting each column's largest overlap first makes the largest exponent 0: nothing
    // overflows however large beta times the overlaps is, and the sum is at least 1.
#ifdef _OPENMP
#pragma omp parallel for schedule(static) if (columns >= 16)
#endif
    for (Eigen::Index k = 0; k < columns; ++k)
    {
        auto column = scores.col(k).array();
        const Scalar top = column.maxCoeff();
        column = ((column - top) * beta).exp();
        column /= column.sum();
    }
}

} // namespace emergence

#endif // EMERGENCE_HOPFIELD_MODERN_HOPFIELD_NETWORK_IMPL_HPP
