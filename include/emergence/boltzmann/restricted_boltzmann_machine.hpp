#ifndef EMERGENCE_BOLTZMANN_RESTRICTED_BOLTZMANN_MACHINE_HPP
#define EMERGENCE_BOLTZMANN_RESTRICTED_BOLTZMANN_MACHINE_HPP

#include <emergence/boltzmann/training_options.hpp>

#include <Eigen/Core>

#include <cstdint>
#include <random>
#include <type_traits>

namespace emergence
{

/**
 * A restricted Boltzmann machine with Bernoulli visible and hidden units (Smolensky 1986;
 * Hinton 2002): energy E(v, h) = -b'v - c'h - v'Wh, free energy
 * F(v) = -b'v - sum_j softplus(c_j + W_j'v), and p(v) = exp(-F(v)) / Z.
 *
 * @code
 * emergence::RestrictedBoltzmannMachine<float> rbm(784, 500);
 * rbm.initializeVisibleBiases(images);          // 784 x P, values in [0, 1]
 * rbm.train(images, options);                   // CD-k or PCD-k, see TrainingOptions
 * @endcode
 *
 * Conventions: samples are columns (V x B visible batches, H x B hidden batches); W is
 * V x H; values per sample come back as a row vector with one entry per column. Every
 * stochastic operation draws from the machine's own engine, seeded at construction.
 *
 * @tparam Scalar float or double.
 */
template <typename Scalar>
class RestrictedBoltzmannMachine
{
    static_assert(std::is_floating_point_v<Scalar>,
                  "RestrictedBoltzmannMachine<Scalar>: Scalar must be float or double.");

public:
    /// Dense matrix of the machine's scalar type.
    using Matrix = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;
    /// Dense column vector of the machine's scalar type.
    using Vector = Eigen::Matrix<Scalar, Eigen::Dynamic, 1>;
    /// One value per sample (per column of a batch).
    using RowVector = Eigen::Matrix<Scalar, 1, Eigen::Dynamic>;
    /// The engine behind every random draw.
    using Engine = std::mt19937_64;

    /// The seed used when none is given.
    static constexpr std::uint64_t DefaultSeed = 20261204;

    /// Largest layer, in units, that logPartitionFunction() enumerates (2^24 states).
    static constexpr Eigen::Index MaxEnumeratedUnits = 24;

    /**
     * Creates a machine with weights drawn from N(0, 0.01^2) and zero biases (Hinton's
     * guide, section 8); call initializeVisibleBiases() to set b from data.
     *
     * @param visibleUnits V, at least 1.
     * @param hiddenUnits H, at least 1.
     * @param seed seed of the machine's engine.
     * @throws std::invalid_argument if a unit count is below 1.
     */
    RestrictedBoltzmannMachine(Eigen::Index visibleUnits, Eigen::Index hiddenUnits,
                               std::uint64_t seed = DefaultSeed);

    /// Number of visible units V.
    Eigen::Index visibleUnits() const { return m_weights.rows(); }

    /// Number of hidden units H.
    Eigen::Index hiddenUnits() const { return m_weights.cols(); }

    /// The V x H weights W.
    const Matrix& weights() const { return m_weights; }

    /// The V visible biases b.
    const Vector& visibleBiases() const { return m_visibleBiases; }

    /// The H hidden biases c.
    const Vector& hiddenBiases() const { return m_hiddenBiases; }

    /**
     * Replaces the weights.
     * @param weights V x H finite values.
     * @throws std::invalid_argument on a wrong shape or a value that is not finite.
     */
    template <typename Derived>
    void setWeights(const Eigen::MatrixBase<Derived>& weights);

    /**
     * Replaces the visible biases.
     * @param biases V x 1 finite values.
     * @throws std::invalid_argument on a wrong shape or a value that is not finite.
     */
    template <typename Derived>
    void setVisibleBiases(const Eigen::MatrixBase<Derived>& biases);

    /**
     * Replaces the hidden biases.
     * @param biases H x 1 finite values.
     * @throws std::invalid_argument on a wrong shape or a value that is not finite.
     */
    template <typename Derived>
    void setHiddenBiases(const Eigen::MatrixBase<Derived>& biases);

    /**
     * Sets b_i = log(p_i / (1 - p_i)) from the on-rate p_i of visible unit i in the data,
     * with p clamped to [0.001, 0.999] so that pixels never (or always) on get a finite
     * bias (Hinton's guide, section 8).
     *
     * @param data V x P training samples, values in [0, 1], P >= 1.
     * @throws std::invalid_argument on a wrong row count, no samples or a value outside [0, 1].
     */
    template <typename Derived>
    void initializeVisibleBiases(const Eigen::MatrixBase<Derived>& data);

    /// Reseeds the machine's engine.
    void seed(std::uint64_t value) { m_engine.seed(value); }

    /**
     * P(h_j = 1 | v) = sigmoid(c_j + W_j'v) for every column of `visible`.
     * @param visible V x B states or probabilities in [0, 1].
     * @return H x B probabilities.
     * @throws std::invalid_argument on a wrong row count or a value outside [0, 1].
     */
    template <typename Derived>
    Matrix hiddenProbabilities(const Eigen::MatrixBase<Derived>& visible) const;

    /**
     * P(v_i = 1 | h) = sigmoid(b_i + W_i h) for every column of `hidden`.
     * @param hidden H x B states or probabilities in [0, 1].
     * @return V x B probabilities.
     * @throws std::invalid_argument on a wrong row count or a value outside [0, 1].
     */
    template <typename Derived>
    Matrix visibleProbabilities(const Eigen::MatrixBase<Derived>& hidden) const;

    /**
     * Draws binary hidden states from P(h | v), one column per column of `visible`.
     * @throws std::invalid_argument on a wrong row count.
     */
    template <typename Derived>
    Matrix sampleHidden(const Eigen::MatrixBase<Derived>& visible);

    /**
     * Draws binary visible states from P(v | h), one column per column of `hidden`.
     * @throws std::invalid_argument on a wrong row count.
     */
    template <typename Derived>
    Matrix sampleVisible(const Eigen::MatrixBase<Derived>& hidden);

    /**
     * Runs `steps` steps of block Gibbs sampling (h ~ P(h|v), then v ~ P(v|h)) from every
     * column of `start` and returns the final binary visible states: B independent chains.
     *
     * @param start V x B starting states in [0, 1] (probabilities are sampled first).
     * @param steps number of Gibbs steps, at least 1.
     * @throws std::invalid_argument on a wrong row count or steps < 1.
     */
    template <typename Derived>
    Matrix gibbsChains(const Eigen::MatrixBase<Derived>& start, Eigen::Index steps);

    /**
     * Deterministic mean-field reconstruction P(v | h = P(h | v)), used to clean up noisy
     * inputs.
     * @param visible V x B inputs in [0, 1].
     * @return V x B probabilities.
     */
    template <typename Derived>
    Matrix reconstruct(const Eigen::MatrixBase<Derived>& visible) const;

    /**
     * E(v, h) = -b'v - c'h - v'Wh for paired columns of `visible` and `hidden`.
     * @throws std::invalid_argument if the shapes do not match the machine or each other.
     */
    template <typename VisibleDerived, typename HiddenDerived>
    RowVector energy(const Eigen::MatrixBase<VisibleDerived>& visible,
                     const Eigen::MatrixBase<HiddenDerived>& hidden) const;

    /**
     * F(v) = -log sum_h exp(-E(v, h)) = -b'v - sum_j softplus(c_j + W_j'v), computed with a
     * stable softplus, for every column of `visible`.
     * @throws std::invalid_argument on a wrong row count or a value outside [0, 1].
     */
    template <typename Derived>
    RowVector freeEnergy(const Eigen::MatrixBase<Derived>& visible) const;

    /**
     * The exact log Z, summing over every state of the smaller layer (with the other layer
     * summed out analytically) by a stable log-sum-exp in double precision.
     *
     * @return log of the partition function.
     * @throws std::invalid_argument if the smaller layer has more than MaxEnumeratedUnits
     *         units; use annealed importance sampling for such machines.
     */
    double logPartitionFunction() const;

    /**
     * The exact average log-likelihood (1/P) sum_n log p(v_n) = -mean F(v_n) - log Z, in nats.
     * @param data V x P samples in [0, 1].
     * @throws std::invalid_argument as freeEnergy() and logPartitionFunction() do.
     */
    template <typename Derived>
    double averageLogLikelihood(const Eigen::MatrixBase<Derived>& data) const;

    /**
     * The average log-likelihood -mean F(v_n) - logPartition, in nats, with log Z supplied,
     * e.g. an annealed importance sampling estimate for a machine too large to enumerate.
     * @param data V x P samples in [0, 1].
     * @param logPartition log Z of this machine.
     * @throws std::invalid_argument on a wrong row count, no samples, values outside [0, 1]
     *         or a logPartition that is not finite.
     */
    template <typename Derived>
    double averageLogLikelihood(const Eigen::MatrixBase<Derived>& data,
                                double logPartition) const;

    /**
     * Trains by CD-k or PCD-k on mini-batches, shuffling the samples each epoch with the
     * machine's engine. Gradient statistics follow Hinton's guide: sampled hidden states
     * drive the reconstruction, probabilities are collected for the statistics.
     *
     * @param data V x P training samples, values in [0, 1] (binary, or grey values used as
     *        probabilities).
     * @param options batch size, learning rate, k, momentum, decay, sparsity.
     * @param callback called after every epoch with its figures; returning false stops.
     * @throws std::invalid_argument on bad data or options (nothing is changed then).
     * @throws std::runtime_error if a parameter becomes NaN or infinite; the message names
     *         the epoch (the parameters then hold the diverged values).
     */
    template <typename Derived>
    void train(const Eigen::MatrixBase<Derived>& data, const TrainingOptions& options,
               const EpochCallback& callback = EpochCallback());

    /**
     * As above, also reporting the mean free energy of `heldOut` (V x Q samples in [0, 1])
     * after every epoch.
     */
    template <typename Derived, typename HeldOutDerived>
    void train(const Eigen::MatrixBase<Derived>& data,
               const Eigen::MatrixBase<HeldOutDerived>& heldOut, const TrainingOptions& options,
               const EpochCallback& callback = EpochCallback());

private:
    /// Throws std::invalid_argument unless `rows` equals `expected`.
    static void checkRows(Eigen::Index rows, Eigen::Index expected, const char* function,
                          const char* what);

    /// Throws std::invalid_argument unless every entry is in [0, 1].
    template <typename Derived>
    static void checkUnitInterval(const Eigen::MatrixBase<Derived>& values, const char* function,
                                  const char* what);

    /// The biases converted to Scalar; throws std::invalid_argument on a wrong shape or a
    /// value that is not finite.
    template <typename Derived>
    static Vector checkedBiases(const Eigen::MatrixBase<Derived>& biases, Eigen::Index expected,
                                const char* function);

    /// Throws std::invalid_argument unless the options are usable.
    static void checkOptions(const TrainingOptions& options);

    /// Replaces every probability in `values` by a Bernoulli draw from the engine.
    template <typename Derived>
    void sampleInPlace(Eigen::MatrixBase<Derived>& values);

    /// The training loop behind both train() overloads; heldOut may have no columns.
    void trainImpl(const Matrix& data, const Matrix& heldOut, const TrainingOptions& options,
                   const EpochCallback& callback);

    /// log Z by enumerating all 2^n states of a layer of n units: `weights` is m x n
    /// (enumerated layer along the columns), with biases of both layers.
    static double logPartitionByEnumeration(const Matrix& weights, const Vector& otherBiases,
                                            const Vector& enumeratedBiases);

    Matrix m_weights;       ///< W, V x H
    Vector m_visibleBiases; ///< b
    Vector m_hiddenBiases;  ///< c
    Engine m_engine;        ///< every random draw of the machine
};

} // namespace emergence

#include <emergence/boltzmann/restricted_boltzmann_machine_impl.hpp>

#endif // EMERGENCE_BOLTZMANN_RESTRICTED_BOLTZMANN_MACHINE_HPP
