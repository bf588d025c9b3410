// Compares associative memories on Fashion-MNIST: the classical Hopfield network with the
// Hebbian, Storkey and pseudo-inverse rules, the modern (continuous) Hopfield network and the
// dense associative memory with an exponential interaction. For each number P of stored
// images (the first P of the training set, binarised at their mean) it recalls every image
// from a copy with 30% of its pixels flipped and prints the fraction recalled exactly, the
// mean pixel accuracy, and the fraction the nearest stored image would give, which bounds
// every memory. Writes a figure of a few cues and their recalls. Run with --help.
#include <emergence/emergence.hpp>

#include <CLI/CLI.hpp>

#include "data_files.hpp"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace
{

using Matrix = Eigen::MatrixXf;

struct ComparisonOptions
{
    std::string dataFolder = EMERGENCE_DATA_DIR;
    std::vector<Eigen::Index> counts = {4, 10, 50, 1000};
    double noise = 0.3;
    double beta = 0.25;
    std::uint64_t seed = 1;
    Eigen::Index shown = 8;
    std::string output = "associative_memory_fmnist.png";
};

/** What one memory made of the cues. */
struct Outcome
{
    std::string name;
    Matrix recalled;
    double seconds = 0.0;
};

/** Fraction of columns of `recalled` equal to those of `patterns`, and the pixel accuracy. */
void printScore(const std::string& name, const Matrix& recalled, const Matrix& patterns,
                double seconds)
{
    const emergence::ColumnValues distance = emergence::hammingDistances(recalled, patterns);
    const double exact = double((distance.array() == 0.0).count()) / double(patterns.cols());
    const double accuracy = 1.0 - distance.sum() / double(patterns.size());
    std::cout << "  " << std::left << std::setw(26) << name << std::right << std::fixed
              << std::setprecision(3) << " exact " << exact << "   pixel accuracy "
              << std::setprecision(4) << accuracy << "   " << std::setprecision(2) << seconds
              << " s\n";
}

/** Runs `recall` and times it. */
template <typename Recall>
Outcome timed(const std::string& name, Recall&& recall)
{
    const auto started = std::chrono::steady_clock::now();
    Outcome outcome{name, recall(), 0.0};
    outcome.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return outcome;
}

/** Stores `patterns` in every memory, recalls `cues`, and returns what each gave. */
std::vector<Outcome> recallAll(const Matrix& patterns, const Matrix& cues,
                               const ComparisonOptions& options)
{
    std::vector<Outcome> outcomes;
    const Eigen::Index units = patterns.rows();

    // The classical rules store at most N independent patterns (the pseudo-inverse rule's
    // projector is the identity beyond that), so they are only run up to N.
    if (patterns.cols() <= units)
    {
        const emergence::LearningRule rules[] = {emergence::LearningRule::Hebbian,
                                                 emergence::LearningRule::Storkey,
                                                 emergence::LearningRule::PseudoInverse};
        for (const emergence::LearningRule rule : rules)
            outcomes.push_back(timed(emergence::learningRuleName(rule), [&] {
                emergence::HopfieldNetwork<float> network(units, options.seed);
                network.train(patterns, emergence::Coding::Bipolar, rule);
                return Matrix(network.recallBatch(cues).states);
            }));
    }

    // The modern network's continuous result is read as its sign.
    std::ostringstream modernName;
    modernName << "modern, beta " << options.beta;
    outcomes.push_back(timed(modernName.str(), [&] {
        emergence::ModernHopfieldNetwork<float> network(patterns);
        emergence::RetrievalOptions retrieval;
        retrieval.beta = options.beta;
        return Matrix(network.retrieveBatch(cues, retrieval).states.array().sign().matrix());
    }));

    outcomes.push_back(timed("dense, F(z) = exp(z)", [&] {
        emergence::DenseAssociativeMemory<float> memory(
            patterns, emergence::Interaction::exponential(), emergence::Coding::Bipolar,
            options.seed);
        return Matrix(memory.recallBatch(cues).states);
    }));
    return outcomes;
}

int run(const ComparisonOptions& options)
{
    // The first images of the training set, binarised at their own mean to -1/+1.
    const std::string path = findDataFile(
        options.dataFolder, {"train-images-idx3-ubyte.gz", "train-images-idx3-ubyte",
                             "train-1000-images-idx3-ubyte.gz"});
    const emergence::IdxImages data = emergence::readIdxImages(path);
    const Eigen::Index largest = *std::max_element(options.counts.begin(), options.counts.end());
    if (largest > data.pixels.cols())
        throw std::out_of_range("--counts asks for " + std::to_string(largest) + " images, " +
                                path + " holds " + std::to_string(data.pixels.cols()));
    const Matrix images = emergence::binarizeAtMean(
        emergence::scaleToUnit<float>(data.pixels.leftCols(largest)));
    std::cout << "Associative memories on the first images of " << path << "\n"
              << "cues with " << options.noise * 100 << "% of pixels flipped, seed "
              << options.seed << "\n";

    Eigen::MatrixXf figure;
    for (const Eigen::Index count : options.counts)
    {
        const Matrix patterns = images.leftCols(count);
        std::mt19937_64 engine(options.seed);
        const Matrix cues = emergence::flipPixels(patterns, options.noise, engine);

        // The bound: a cue whose nearest stored image is another one cannot be recalled by
        // any memory that answers with a stored image.
        const auto nearest = emergence::nearestPatterns(cues, patterns);
        Eigen::Index own = 0;
        for (Eigen::Index j = 0; j < count; ++j)
            own += nearest(j) == j ? 1 : 0;

        std::cout << "\n" << count << " stored images (nearest-image bound: exact "
                  << std::fixed << std::setprecision(3) << double(own) / double(count) << ")\n";
        const std::vector<Outcome> outcomes = recallAll(patterns, cues, options);
        for (const Outcome& outcome : outcomes)
            printScore(outcome.name, outcome.recalled, patterns, outcome.seconds);

        // The figure shows the first images of the largest P that every memory ran on.
        if (outcomes.size() == 5)
        {
            const Eigen::Index shown = std::min(options.shown, count);
            figure.resize(patterns.rows(), shown * Eigen::Index(outcomes.size() + 2));
            figure.leftCols(shown) = patterns.leftCols(shown);
            figure.middleCols(shown, shown) = cues.leftCols(shown);
            for (std::size_t k = 0; k < outcomes.size(); ++k)
                figure.middleCols(shown * Eigen::Index(k + 2), shown) =
                    outcomes[k].recalled.leftCols(shown);
        }
    }

    if (figure.size() > 0)
    {
        emergence::GridLayout layout;
        layout.columns = figure.cols() / 7;
        layout.rows = 7;
        layout.upscale = 2;
        emergence::writePng(options.output,
                            emergence::imageGrid(figure, 28, 28, layout, -1.0, 1.0));
        std::cout << "\nwrote " << options.output << " (rows: original, cue, hebbian, storkey, "
                  << "pseudo-inverse, modern, dense)\n";
    }
    else
    {
        std::cout << "\nno figure: it shows the classical rules too, which run only while P <= "
                  << images.rows() << "\n";
    }
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    ComparisonOptions options;
    CLI::App app("Hopfield rules and modern memories side by side on Fashion-MNIST.",
                 "associative_memory_fmnist");
    app.add_option("--data", options.dataFolder,
                   "Folder with the IDX files, e.g. /usr/share/datasets/fashion-mnist")
        ->capture_default_str();
    app.add_option("--counts", options.counts, "Numbers of stored images to compare")
        ->check(CLI::Range(Eigen::Index(1), Eigen::Index(60000)))
        ->capture_default_str();
    app.add_option("--noise", options.noise, "Fraction of pixels flipped in each cue")
        ->check(CLI::Range(0.0, 1.0))
        ->capture_default_str();
    app.add_option("--beta", options.beta, "Inverse temperature of the modern network")
        ->check(CLI::Range(1e-6, 1e6))
        ->capture_default_str();
    app.add_option("--seed", options.seed, "Seed of the cues and update orders")
        ->capture_default_str();
    app.add_option("--shown", options.shown, "Images shown in the figure")
        ->check(CLI::Range(Eigen::Index(1), Eigen::Index(50)))
        ->capture_default_str();
    app.add_option("--out", options.output, "The figure (PNG)")->capture_default_str();
    app.failure_message(CLI::FailureMessage::help);
    CLI11_PARSE(app, argc, argv);

    // A figure folder that does not exist is refused before the work, not after it.
    if (!std::filesystem::is_directory(std::filesystem::absolute(options.output).parent_path()))
    {
        std::cerr << "associative_memory_fmnist: --out " << options.output
                  << ": the folder does not exist\n";
        return 2;
    }

    try
    {
        return run(options);
    }
    catch (const std::exception& error)
    {
        std::cerr << "associative_memory_fmnist: " << error.what() << "\n";
        return 1;
    }
}
