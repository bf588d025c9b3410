#ifndef EMERGENCE_HOPFIELD_DENSE_ASSOCIATIVE_MEMORY_HPP
#define EMERGENCE_HOPFIELD_DENSE_ASSOCIATIVE_MEMORY_HPP

#include <emergence/hopfield/interaction.hpp>
#include <emergence/hopfield/recall_options.hpp>
#include <emergence/hopfield/recall_result.hpp>
#include <emergence/image/coding.hpp>

#include <Eigen/Core>

#include <cstdint>
#include <random>
#include <type_traits>
#include <vector>

namespace emergence
{

/**
 * A dense associative memory of N binary units (Krotov & Hopfield, "Dense Associative
 * Memory for Pattern Recognition", NIPS 2016; Demircigil et al., J. Stat. Phys. 2017).
 *
 * The P stored patterns x_mu are kept as they are, and the energy of a bipolar state s is
 * E(s) = -sum_mu F(x_mu . s) with F a polynomial or the exponential (see Interaction).
 * Recall updates one unit at a time to whichever of its two values gives the lower energy:
 * s_i <- sign(sum_mu [F(x_mu . s with s_i = +1) - F(x_mu . s with s_i = -1)]), and keeps it
 * on a tie. A steeper F lets each pattern dominate its own neighbourhood, so far more than
 * the classical 0.138 N patterns can be recalled: of order N^(n-1) / ln N for degree n
 * (Krotov & Hopfield), exponentially many in N for the exponential (Demircigil et al.).
 *
 * @code
 * emergence::DenseAssociativeMemory<float> memory(patterns, emergence::Interaction::exponential());
 * auto result = memory.recall(noisyCue);         // result.state, .status, .sweeps
 * auto batch = memory.recallBatch(noisyCues);    // one cue per column, run in parallel
 * @endcode
 *
 * Conventions, as in HopfieldNetwork:
 * - Patterns and cues are columns: P patterns of N units form an N x P matrix.
 * - Dynamics run on bipolar (-1/+1) states; binary (0/1) data is accepted with
 *   Coding::Binary, converted with s = 2v - 1, and results come back in 0/1.
 * - Updates are asynchronous, in index order or in a fresh random order every sweep; the
 *   energy never rises and recall ends at a fixed point or at the sweep limit.
 *
 * How the update is computed without overflow: the P overlaps m_mu = x_mu . s are kept up
 * to date flip by flip (O(P) per flip), and a unit's update compares the sums of F over
 * the overlaps with and without its flip, both in double whatever Scalar is. For the
 * exponential both sums are taken relative to e^max(m), which leaves the comparison
 * unchanged and keeps every term at most 1 (e^784 overflows even a double). For
 * polynomials the overlaps are first multiplied by a power of two that brings them below
 * 1, which scales both sums by the same positive factor and, being exact, keeps the sums
 * of small integer overlaps exact.
 *
 * @note A unit flips only if the flip lowers the energy by more than 1e-10 of the size of
 *       the sums compared; smaller differences are within their rounding and count as ties,
 *       which keep the unit. Exact ties (for instance two patterns pulling unit i with
 *       equal force in opposite directions) therefore never flip a unit back and forth, and
 *       every recall ends.
 *
 * @warning recall() and recallBatch() change the memory's engine, so one memory must not
 *          recall from two threads at once; give each thread its own copy. The const
 *          functions (energy, patterns) may run concurrently.
 *
 * @tparam Scalar float or double: the type of patterns, cues and states. The dynamics are
 *         computed in double for both, so float and double memories recall identically.
 */
template <typename Scalar>
class DenseAssociativeMemory
{
    static_assert(std::is_floating_point_v<Scalar>,
                  "DenseAssociativeMemory<Scalar>: Scalar must be float or double, the type "
                  "of the -1/+1 (or 0/1) states it reads and returns.");

public:
    /// Dense matrix of the memory's scalar type.
    using Matrix = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;
    /// Dense column vector of the memory's scalar type.
    using Vector = Eigen::Matrix<Scalar, Eigen::Dynamic, 1>;
    /// The engine behind random update orders.
    using Engine = std::mt19937_64;

    /// The seed used when none is given.
    static constexpr std::uint64_t DefaultSeed = 20261204;

    /// Relative size below which an energy difference counts as a tie (see the class note).
    static constexpr double TieMargin = 1e-10;

    /**
     * Stores the patterns.
     *
     * @param patterns N x P matrix, one pattern per column, N >= 1 and P >= 1, in `coding`.
     * @param interaction the function F of the energy.
     * @param coding Coding::Bipolar for -1/+1 entries, Coding::Binary for 0/1 entries.
     * @param seed seed of the engine that draws random update orders.
     * @throws std::invalid_argument if there is no pattern or no unit, or an entry is not a
     *         value of `coding`.
     */
    template <typename Derived>
    DenseAssociativeMemory(const Eigen::MatrixBase<Derived>& patterns, Interaction interaction,
                           Coding coding = Coding::Bipolar, std::uint64_t seed = DefaultSeed);

    /// Number of units N.
    Eigen::Index units() const { return m_unitPatterns.cols(); }

    /// Number of stored patterns P.
    Eigen::Index patternCount() const { return m_unitPatterns.rows(); }

    /// The N x P stored patterns, bipolar, one per column.
    Matrix patterns() const { return m_unitPatterns.transpose().template cast<Scalar>(); }

    /// The function F of the energy.
    Interaction interaction() const { return m_interaction; }

    /// Reseeds the engine that draws random update orders.
    void seed(std::uint64_t value) { m_engine.seed(value); }

    /**
     * The energy of a state, in a form that stays finite; it is an increasing function of
     * E(s) = -sum_mu F(x_mu . s), so it never rises under recall and orders states as E
     * does, but its values depend on F:
     * - polynomials (plain and rectified): E(s) / N^n = -sum_mu F(x_mu . s / N), between
     *   -P and P (-P only at a state that equals every pattern); for high degrees the
     *   terms of states far from every pattern underflow to 0.
     * - exponential: -log(-E(s)) = -log(sum_mu e^(x_mu . s)), computed as a stable
     *   log-sum-exp; e^(x_mu . s) itself overflows double from N = 710 on.
     *
     * @param state N x 1 state in the given coding (a binary state is converted to bipolar).
     * @param coding the coding of `state`.
     * @return the energy in the form above, in double.
     * @throws std::invalid_argument on a wrong shape or an entry not in the coding.
     */
    template <typename Derived>
    double energy(const Eigen::MatrixBase<Derived>& state, Coding coding = Coding::Bipolar) const;

    /**
     * Runs asynchronous updates from one cue until a sweep changes no unit, or the sweep
     * limit.
     *
     * @param cue N x 1 starting state in options.coding.
     * @param options update order (Sequential or RandomOrder), sweep limit and coding.
     * @return the final state (in options.coding), FixedPoint or SweepLimit, and the sweeps
     *         that changed the state (the confirming sweep is not counted).
     * @throws std::invalid_argument on a wrong shape, an entry not in the coding,
     *         options.maxSweeps < 1 or options.mode Synchronous.
     * @note RandomOrder draws one seed from the memory's engine per cue, so two calls in a
     *       row use different orders and the same seed repeats them.
     */
    template <typename Derived>
    RecallResult<Scalar> recall(const Eigen::MatrixBase<Derived>& cue,
                                const RecallOptions& options = RecallOptions());

    /**
     * Recalls every column of `cues`; column j of the result is exactly what recall() of
     * column j would give from the same engine state.
     *
     * Cues run in parallel when compiled with OpenMP; each cue draws its own seed from the
     * memory's engine in column order first, so results do not depend on the number of
     * threads.
     *
     * @param cues N x B matrix of starting states in options.coding, one cue per column.
     * @param options update order, sweep limit and coding.
     * @throws std::invalid_argument as recall() does.
     */
    template <typename Derived>
    BatchRecallResult<Scalar> recallBatch(const Eigen::MatrixBase<Derived>& cues,
                                          const RecallOptions& options = RecallOptions());

private:
    /// recall() and recallBatch(): checks the arguments, then runs every column.
    template <typename Derived>
    BatchRecallResult<Scalar> recallColumns(const Eigen::MatrixBase<Derived>& cues,
                                            const RecallOptions& options, const char* function);

    /// Checks shape and coding of states passed to `function`; returns them as bipolar.
    template <typename Derived>
    Matrix bipolarStates(const Eigen::MatrixBase<Derived>& states, Coding coding,
                         const char* function) const;

    /**
     * The state of one cue's dynamics, and buffers for its updates; one per thread, reused
     * from cue to cue.
     */
    struct Workspace
    {
        Eigen::VectorXd state;           ///< N bipolar units
        Eigen::VectorXd overlaps;        ///< P overlaps m = X's
        Eigen::VectorXd weights;         ///< exponential: e^(m - max m)
        Eigen::ArrayXd base;             ///< polynomial: scaled overlaps, then their squares
        Eigen::ArrayXd power;            ///< polynomial: F of the scaled overlaps
        std::vector<Eigen::Index> order; ///< update order of the units
        double weightSum = 0;            ///< exponential: sum of weights
        double scale = 1;                ///< polynomial: power of two overlaps are scaled by
        double keepSum = 0;              ///< polynomial: sum of F(scale m)
        double keepSize = 0;             ///< polynomial: sum of |F(scale m)|
    };

    /// Asynchronous dynamics on one bipolar column, using `work` for the state and buffers.
    template <typename Column>
    RecallStatus runAsynchronous(Column&& column, UpdateMode mode, Eigen::Index maxSweeps,
                                 std::uint64_t orderSeed, Workspace& work,
                                 Eigen::Index& sweeps) const;

    /// Recomputes what the updates need from the overlaps, after a flip or at the start.
    void refresh(Workspace& work) const;

    /// Whether flipping unit i lowers the energy by more than a tie.
    bool flipLowersEnergy(Eigen::Index i, Workspace& work) const;

    /// The sum of F over `base` and the sum of |F|, for a polynomial F; overwrites `base`.
    void sumOfPowers(Eigen::ArrayXd& base, Eigen::ArrayXd& power, double& sum, double& size) const;

    /**
     * X' in double, P x N: column i holds the P patterns' values at unit i, contiguous for
     * the per-unit sums, and double so the dynamics are computed alike for every Scalar.
     * Limitation: 8 bytes per -1/+1 entry (63 MB for 10,000 patterns of 784 units); int8
     * storage would take an eighth, at the price of a conversion in every per-unit sum.
     */
    Eigen::MatrixXd m_unitPatterns;
    Interaction m_interaction; ///< F
    Engine m_engine;           ///< draws the seeds of random update orders
};

} // namespace emergence

#include <emergence/hopfield/dense_associative_memory_impl.hpp>

#endif // EMERGENCE_HOPFIELD_DENSE_ASSOCIATIVE_MEMORY_HPP
