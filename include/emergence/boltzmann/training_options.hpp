#ifndef EMERGENCE_BOLTZMANN_TRAINING_OPTIONS_HPP
#define EMERGENCE_BOLTZMANN_TRAINING_OPTIONS_HPP

#include <Eigen/Core>

#include <functional>
#include <limits>

namespace emergence
{

/**
 * Settings of contrastive-divergence training. The defaults follow Hinton's "A Practical
 * Guide to Training Restricted Boltzmann Machines" (UTML TR 2010-003): CD-1, momentum 0.5
 * for the first epochs then 0.9, a small L2 weight decay on the weights only.
 */
struct TrainingOptions
{
    /// Passes over the training data; 0 trains nothing.
    Eigen::Index epochs = 10;

    /// Samples per mini-batch; the last batch of an epoch may be smaller and is averaged
    /// over its own size.
    Eigen::Index batchSize = 100;

    /// Step size of the gradient updates; positive.
    double learningRate = 0.1;

    /// k of CD-k and PCD-k: Gibbs steps between the data and the negative statistics.
    Eigen::Index gibbsSteps = 1;

    /// false: CD-k, chains start at the data; true: persistent CD-k (Tieleman 2008), chains
    /// carried from one mini-batch to the next.
    bool persistent = false;

    /// Momentum for epochs before momentumSwitchEpoch, in [0, 1).
    double initialMomentum = 0.5;

    /// Momentum from momentumSwitchEpoch on, in [0, 1).
    double finalMomentum = 0.9;

    /// The first epoch (counting from 0) that uses finalMomentum.
    Eigen::Index momentumSwitchEpoch = 5;

    /// L2 weight-decay coefficient, applied to the weights and never to the biases.
    double weightDecay = 0.0001;

    /// Target mean activation of each hidden unit, in (0, 1); 0 turns the penalty off.
    double sparsityTarget = 0.0;

    /// Strength of the sparsity penalty (Hinton's guide, section 11).
    double sparsityCost = 0.0;

    /// Decay of the running estimate of each hidden unit's mean activation, in [0, 1).
    double sparsityDecay = 0.95;
};

/** Figures handed to the training callback after every epoch. */
struct EpochReport
{
    /// The epoch just finished, counting from 0.
    Eigen::Index epoch = 0;

    /// Mean over the epoch's samples of the squared error summed over visible units,
    /// between each sample and its one-step reconstruction P(v | h) with h sampled.
    double reconstructionError = 0.0;

    /// Mean free energy F(v) of (up to 1,000 of) the training samples.
    double trainingFreeEnergy = 0.0;

    /// Mean free energy of the held-out samples; NaN when none were given. A held-out value
    /// that climbs above the training value is the overfitting signal of Hinton's guide.
    double heldOutFreeEnergy = std::numeric_limits<double>::quiet_NaN();

    /// Wall time since training started, in seconds.
    double seconds = 0.0;
};

/// Called after every epoch; returning false stops training after that epoch.
using EpochCallback = std::function<bool(const EpochReport&)>;

} // namespace emergence

#endif // EMERGENCE_BOLTZMANN_TRAINING_OPTIONS_HPP
