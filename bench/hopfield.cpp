// Throughput of Hopfield recall, each figure printed with its ratio to Eigen's own product of
// the same shapes, measured in the same run on the same machine:
//   1. synchronous batch recall of 1,000 cues of 784 units against Eigen GEMM;
//   2. asynchronous (sequential) recall of one cue against Eigen GEMV;
//   3. the wall time of the capacity sweep of examples/capacity, per learning rule.
// Usage: hopfield [rounds]   (default 15)
// Each round times the recall and Eigen's product once after the other, so both see the same
// machine load; the figures printed are medians over the rounds.
#include <emergence/emergence.hpp>

#include "timing.hpp"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <iomanip>
#include <iostream>
#include <random>
#include <string>
#include <vector>

namespace
{

using emergence::bench::median;
using emergence::bench::secondsPerCall;

/** Number of matrix products recall needed for one cue: every sweep, confirming one too. */
Eigen::Index productsUsed(emergence::RecallStatus status, Eigen::Index sweeps)
{
    return status == emergence::RecallStatus::FixedPoint ? sweeps + 1 : sweeps;
}

template <typename Scalar>
void benchSynchronousBatch(const char* scalarName, int rounds)
{
    using Matrix = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;
    const Eigen::Index units = 784;
    const Eigen::Index cueCount = 1000;
    const Eigen::Index patternCount = 39; // load 0.05, well inside capacity

    // Store random patterns and make 1,000 cues with 30% of their units flipped.
    std::mt19937_64 engine(2026);
    const Matrix patterns = emergence::randomPatterns<Scalar>(units, patternCount, engine);
    Matrix cues(units, cueCount);
    for (Eigen::Index j = 0; j < cueCount; ++j)
        cues.col(j) = patterns.col(j % patternCount);
    cues = emergence::flipPixels(cues, 0.3, engine);
    emergence::HopfieldNetwork<Scalar> network(units);
    network.train(patterns);
    emergence::RecallOptions options;
    options.mode = emergence::UpdateMode::Synchronous;

    // Count the products recall needs from the sweeps each cue reports: activePerSweep[t]
    // is the number of cues still in play, i.e. the width of product t.
    const emergence::BatchRecallResult<Scalar> result = network.recallBatch(cues, options);
    std::vector<Eigen::Index> activePerSweep;
    for (Eigen::Index j = 0; j < cueCount; ++j)
    {
        const Eigen::Index sweepsOfCue = productsUsed(result.status[j], result.sweeps[j]);
        const auto used = static_cast<std::size_t>(sweepsOfCue);
        activePerSweep.resize(std::max(activePerSweep.size(), used), 0);
        for (std::size_t t = 0; t < used; ++t)
            ++activePerSweep[t];
    }
    Eigen::Index products = 0;
    for (const Eigen::Index active : activePerSweep)
        products += active;
    const double flops = 2.0 * double(units) * double(units) * double(products);
    const double gemmFlops = 2.0 * double(units) * double(units) * double(cueCount);

    // Rounds: recall, Eigen's GEMM on the full 784 x 784 x 1000 shape, and Eigen's GEMM on
    // the exact sequence of shapes recall ran.
    const Matrix weights = network.weights();
    Matrix output(units, cueCount);
    std::vector<double> recallTimes, gemmTimes, rateRatios, sequenceRatios;
    for (int round = 0; round < rounds; ++round)
    {
        const double recall = secondsPerCall([&] { network.recallBatch(cues, options); }, 0.1);
        const double gemm = secondsPerCall([&] { output.noalias() = weights * cues; }, 0.1);
        const double sequence = secondsPerCall([&] {
            for (const Eigen::Index active : activePerSweep)
                output.leftCols(active).noalias() = weights * cues.leftCols(active);
        }, 0.1);
        recallTimes.push_back(recall);
        gemmTimes.push_back(gemm);
        rateRatios.push_back((flops / recall) / (gemmFlops / gemm));
        sequenceRatios.push_back(sequence / recall);
    }

    std::cout << std::fixed << std::setprecision(2) << "synchronous batch recall, " << scalarName
              << ", N = " << units << ", " << cueCount << " cues (30% flipped), "
              << activePerSweep.size() << " sweeps, " << products << " cue-products:\n"
              << "  recall " << median(recallTimes) * 1e3 << " ms = "
              << flops / median(recallTimes) / 1e9 << " GFLOP/s; Eigen GEMM " << units << "x"
              << units << "x" << cueCount << ": " << gemmFlops / median(gemmTimes) / 1e9
              << " GFLOP/s\n"
              << "  ratio to Eigen GEMM FLOP rate: " << median(rateRatios)
              << "  (Eigen GEMMs of recall's own shapes, time ratio: " << median(sequenceRatios)
              << ")\n";
}

template <typename Scalar>
void benchAsynchronousOne(const char* scalarName, int rounds)
{
    using Matrix = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;
    using Vector = Eigen::Matrix<Scalar, Eigen::Dynamic, 1>;
    const Eigen::Index units = 784;
    const Eigen::Index patternCount = 39;

    std::mt19937_64 engine(2027);
    const Matrix patterns = emergence::randomPatterns<Scalar>(units, patternCount, engine);
    const Vector cue = emergence::flipPixels(Matrix(patterns.col(0)), 0.3, engine);
    emergence::HopfieldNetwork<Scalar> network(units);
    network.train(patterns);

    // Sequential recall of one cue: one GEMV for the initial fields, then sweeps that keep
    // the fields up to date flip by flip. The sweep time is the whole recall, initial GEMV
    // included, divided by the sweeps it ran (the confirming sweep too).
    const emergence::RecallResult<Scalar> result = network.recall(cue);
    const Eigen::Index sweepsRun = productsUsed(result.status, result.sweeps);
    const Matrix weights = network.weights();
    Vector output(units);
    std::vector<double> sweepTimes, gemvTimes, sweepRatios, recallRatios;
    for (int round = 0; round < rounds; ++round)
    {
        const double recall = secondsPerCall([&] { network.recall(cue); }, 0.05);
        const double gemv = secondsPerCall([&] { output.noalias() = weights * cue; }, 0.05);
        sweepTimes.push_back(recall / double(sweepsRun));
        gemvTimes.push_back(gemv);
        sweepRatios.push_back(recall / double(sweepsRun) / gemv);
        recallRatios.push_back(recall / gemv);
    }

    std::cout << std::fixed << std::setprecision(2) << "asynchronous recall of one cue, "
              << scalarName << ", N = " << units << " (30% flipped), " << sweepsRun
              << " sweeps (" << emergence::recallStatusName(result.status) << "):\n"
              << "  " << median(sweepTimes) * 1e6 << " us per sweep; Eigen GEMV " << units
              << "x" << units << ": " << median(gemvTimes) * 1e6 << " us\n"
              << "  ratio of one sweep to one GEMV: " << median(sweepRatios)
              << "  (whole recall / GEMV: " << median(recallRatios) << ")\n";
}

} // namespace

/**
 * Wall time of the capacity sweep examples/capacity runs: N = 1000 random patterns, loads
 * 0.02 to 0.30 in steps of 0.02, recall from the stored patterns, one rule at a time. There
 * is no Eigen counterpart to compare with; the time is dominated by training and recall.
 */
void benchCapacitySweep(int rounds)
{
    std::vector<double> loads;
    for (int k = 1; k <= 15; ++k)
        loads.push_back(0.02 * k);
    const emergence::LearningRule rules[] = {emergence::LearningRule::Hebbian,
                                             emergence::LearningRule::Storkey,
                                             emergence::LearningRule::PseudoInverse};

    // A sweep takes about a second, so it runs a fifth as many times as the other figures.
    const int sweeps = std::max(1, rounds / 5);
    std::cout << "capacity sweep, float, N = 1000, 15 loads from 0.02 to 0.30, median of "
              << sweeps << " runs:\n";
    for (const emergence::LearningRule rule : rules)
    {
        std::vector<double> times;
        emergence::CapacityOptions options;
        options.rule = rule;
        for (int round = 0; round < sweeps; ++round)
        {
            std::mt19937_64 engine(1);
            times.push_back(secondsPerCall(
                [&] { emergence::capacitySweep<float>(1000, loads, options, engine); }, 0.0));
        }
        std::cout << "  " << emergence::learningRuleName(rule) << ": " << std::fixed
                  << std::setprecision(2) << median(times) << " s\n";
    }
}

int main(int argc, char** argv)
{
    const int rounds = argc > 1 ? std::atoi(argv[1]) : 15;
    if (rounds < 1)
    {
        std::cerr << "usage: hopfield [rounds >= 1]\n";
        return 2;
    }

    std::cout << "emergence hopfield benchmark, Eigen " << EIGEN_WORLD_VERSION << "."
              << EIGEN_MAJOR_VERSION << "." << EIGEN_MINOR_VERSION << ", " << Eigen::nbThreads()
              << " threads, medians of " << rounds << " rounds\n";
    benchSynchronousBatch<float>("float", rounds);
    benchSynchronousBatch<double>("double", rounds);
    benchAsynchronousOne<float>("float", rounds);
    benchAsynchronousOne<double>("double", rounds);
    benchCapacitySweep(rounds);
    return 0;
}
