// Throughput of modern Hopfield retrieval and dense associative memory recall, measured in
// the same run as Eigen's own products of the same shapes:
//   1. one retrieval step of 1,000 queries against 10,000 stored patterns of 784 units
//      (float), next to the two GEMMs the step is made of (X'Q, then X S);
//   2. retrieval of the same queries until convergence;
//   3. asynchronous recall of a batch of cues by a dense associative memory (784 units,
//      1,000 patterns), exponential and polynomial interaction.
// Usage: modern_hopfield [rounds]   (default 7)
// Each round times the library call and Eigen's products once after the other, so both see
// the same machine load; the figures printed are medians over the rounds. Patterns are
// random -1/+1 images and queries are copies with 30% of their pixels flipped.
#include <emergence/emergence.hpp>

#include "timing.hpp"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <iomanip>
#include <iostream>
#include <random>
#include <vector>

namespace
{

using emergence::bench::median;
using emergence::bench::secondsPerCall;

using Matrix = Eigen::MatrixXf;

/** `count` cues: copies of the first patterns, cyclically, with 30% of their units flipped. */
Matrix noisyCues(const Matrix& patterns, Eigen::Index count, std::mt19937_64& engine)
{
    Matrix cues(patterns.rows(), count);
    for (Eigen::Index j = 0; j < count; ++j)
        cues.col(j) = patterns.col(j % patterns.cols());
    return emergence::flipPixels(cues, 0.3, engine);
}

void benchRetrieval(int rounds)
{
    const Eigen::Index units = 784;
    const Eigen::Index patternCount = 10000;
    const Eigen::Index queryCount = 1000;

    std::mt19937_64 engine(2028);
    const Matrix patterns = emergence::randomPatterns<float>(units, patternCount, engine);
    const Matrix queries = noisyCues(patterns, queryCount, engine);
    emergence::ModernHopfieldNetwork<float> network(patterns);
    emergence::RetrievalOptions oneStep;
    oneStep.beta = 0.1;
    oneStep.maxSteps = 1;
    emergence::RetrievalOptions untilConverged;
    untilConverged.beta = 0.1;

    // Rounds: one retrieval step, then the two products it is made of, on buffers of the
    // same shapes, then full retrieval.
    Matrix scores(patternCount, queryCount);
    Matrix states(units, queryCount);
    std::vector<double> stepTimes, gemmTimes, ratios, fullTimes;
    for (int round = 0; round < rounds; ++round)
    {
        const double step = secondsPerCall([&] { network.retrieveBatch(queries, oneStep); }, 0.2);
        const double gemm = secondsPerCall([&] {
            scores.noalias() = patterns.transpose() * queries;
            states.noalias() = patterns * scores;
        }, 0.2);
        const double full =
            secondsPerCall([&] { network.retrieveBatch(queries, untilConverged); }, 0.2);
        stepTimes.push_back(step);
        gemmTimes.push_back(gemm);
        ratios.push_back(step / gemm);
        fullTimes.push_back(full);
    }

    const emergence::BatchRetrievalResult<float> result =
        network.retrieveBatch(queries, untilConverged);
    const Eigen::Index longest = *std::max_element(result.steps.begin(), result.steps.end());
    Eigen::Index recovered = 0;
    for (Eigen::Index j = 0; j < queryCount; ++j)
        recovered += result.states.col(j).array().sign().matrix() ==
                             patterns.col(j % patternCount)
                         ? 1
                         : 0;

    const double flops = 4.0 * double(units) * double(patternCount) * double(queryCount);
    std::cout << std::fixed << std::setprecision(2) << "modern Hopfield retrieval, float, N = "
              << units << ", " << patternCount << " patterns, " << queryCount
              << " queries (30% flipped), beta = " << oneStep.beta << ":\n"
              << "  one step " << median(stepTimes) * 1e3 << " ms = "
              << flops / median(stepTimes) / 1e9 << " GFLOP/s; the two Eigen GEMMs alone "
              << median(gemmTimes) * 1e3 << " ms = " << flops / median(gemmTimes) / 1e9
              << " GFLOP/s\n"
              << "  ratio of one step to the two GEMMs: " << median(ratios) << "\n"
              << "  until converged (tolerance " << std::defaultfloat
              << untilConverged.tolerance << std::fixed << "): "
              << median(fullTimes) * 1e3 << " ms, at most " << longest << " steps, "
              << result.count(emergence::RetrievalStatus::Converged) << " converged, "
              << recovered << " signs equal to their pattern\n";
}

void benchDenseMemory(const emergence::Interaction& interaction, const char* name, int rounds)
{
    const Eigen::Index units = 784;
    const Eigen::Index patternCount = 1000;
    const Eigen::Index cueCount = 200;

    std::mt19937_64 engine(2029);
    const Matrix patterns = emergence::randomPatterns<float>(units, patternCount, engine);
    const Matrix cues = noisyCues(patterns, cueCount, engine);
    emergence::DenseAssociativeMemory<float> memory(patterns, interaction);

    std::vector<double> times;
    for (int round = 0; round < rounds; ++round)
        times.push_back(secondsPerCall([&] { memory.recallBatch(cues); }, 0.2));

    // Unit updates made: every sweep visits all units, the confirming one included.
    const emergence::BatchRecallResult<float> result = memory.recallBatch(cues);
    double updates = 0;
    Eigen::Index recovered = 0;
    for (Eigen::Index j = 0; j < cueCount; ++j)
    {
        const bool fixed = result.status[j] == emergence::RecallStatus::FixedPoint;
        updates += double(units) * double(result.sweeps[j] + (fixed ? 1 : 0));
        recovered += result.states.col(j) == patterns.col(j) ? 1 : 0;
    }

    std::cout << std::fixed << std::setprecision(2) << "dense associative memory, " << name
              << ", float, N = " << units << ", " << patternCount << " patterns, " << cueCount
              << " cues (30% flipped), sequential:\n"
              << "  batch recall " << median(times) * 1e3 << " ms ("
              << median(times) / double(cueCount) * 1e3 << " ms per cue, "
              << updates / median(times) / 1e6 << " M unit updates/s of " << patternCount
              << " overlaps each), " << recovered << " of " << cueCount << " recovered\n";
}

} // namespace

int main(int argc, char** argv)
{
    const int rounds = argc > 1 ? std::atoi(argv[1]) : 7;
    if (rounds < 1)
    {
        std::cerr << "usage: modern_hopfield [rounds >= 1]\n";
        return 2;
    }

    std::cout << "emergence modern Hopfield benchmark, Eigen " << EIGEN_WORLD_VERSION << "."
              << EIGEN_MAJOR_VERSION << "." << EIGEN_MINOR_VERSION << ", " << Eigen::nbThreads()
              << " threads, medians of " << rounds << " rounds\n";
    benchRetrieval(rounds);
    benchDenseMemory(emergence::Interaction::exponential(), "exponential", rounds);
    benchDenseMemory(emergence::Interaction::polynomial(30), "polynomial n = 30", rounds);
    return 0;
}
