// Stores binarised Fashion-MNIST images in a Hopfield network, corrupts them by flipping a
// fraction of their pixels, recalls them and writes a figure: originals, noisy cues and
// recalled images in three rows. Run with --help for the options.
#include <emergence/emergence.hpp>

#include <CLI/CLI.hpp>

#include "data_files.hpp"

#include <cstdint>
#include <exception>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <map>
#include <random>
#include <string>
#include <vector>

namespace
{

const char* const classNames[] = {"T-shirt/top", "trouser", "pullover", "dress", "coat",
                                  "sandal", "shirt", "sneaker", "bag", "ankle boot"};

struct DemoOptions
{
    std::string dataFolder = EMERGENCE_DATA_DIR;
    std::vector<Eigen::Index> images = {5, 6, 7, 8};
    double noise = 0.3;
    std::uint64_t seed = 1;
    emergence::LearningRule rule = emergence::LearningRule::Hebbian;
    emergence::UpdateMode mode = emergence::UpdateMode::Sequential;
    Eigen::Index maxSweeps = 100;
    std::string output = "hopfield_fmnist.png";
};

int run(const DemoOptions& options)
{
    using Matrix = Eigen::MatrixXf;

    // Read the images and, when present, their labels.
    const std::string imagePath = findDataFile(options.dataFolder,
        {"train-images-idx3-ubyte.gz", "train-images-idx3-ubyte",
         "train-1000-images-idx3-ubyte.gz"});
    const emergence::IdxImages data = emergence::readIdxImages(imagePath);
    Eigen::Matrix<std::uint8_t, Eigen::Dynamic, 1> labels;
    const std::string labelPath = std::string(imagePath).replace(
        imagePath.rfind("images-idx3"), 11, "labels-idx1");
    if (std::filesystem::exists(labelPath))
        labels = emergence::readIdxLabels(labelPath);

    // Select the stored images and binarise each at its own mean to -1/+1.
    const Eigen::Index count = static_cast<Eigen::Index>(options.images.size());
    Eigen::Matrix<std::uint8_t, Eigen::Dynamic, Eigen::Dynamic> chosen(data.pixels.rows(), count);
    for (Eigen::Index k = 0; k < count; ++k)
    {
        const Eigen::Index index = options.images[static_cast<std::size_t>(k)];
        if (index < 0 || index >= data.pixels.cols())
            throw std::out_of_range("image " + std::to_string(index) + " is not in " + imagePath +
                                    ", which holds images 0 to " +
                                    std::to_string(data.pixels.cols() - 1));
        chosen.col(k) = data.pixels.col(index);
    }
    const Matrix patterns = emergence::binarizeAtMean(emergence::scaleToUnit<float>(chosen));

    std::cout << "Storing " << count << " images of " << data.rows << " x " << data.columns
              << " from " << imagePath << "\nrule "
              << emergence::learningRuleName(options.rule) << ", mode "
              << emergence::updateModeName(options.mode) << ", noise " << options.noise
              << ", seed " << options.seed << "\n";

    // Store them, corrupt copies, and recall the copies in one batch.
    emergence::HopfieldNetwork<float> network(patterns.rows(), options.seed);
    network.train(patterns, emergence::Coding::Bipolar, options.rule);
    std::mt19937_64 noiseEngine(options.seed);
    const Matrix cues = emergence::flipPixels(patterns, options.noise, noiseEngine);
    emergence::RecallOptions recallOptions;
    recallOptions.mode = options.mode;
    recallOptions.maxSweeps = options.maxSweeps;
    const auto recalled = network.recallBatch(cues, recallOptions);

    // Report each image, then the summary line.
    Eigen::Index exact = 0;
    double accuracySum = 0;
    const double units = static_cast<double>(patterns.rows());
    std::cout << std::fixed;
    for (Eigen::Index k = 0; k < count; ++k)
    {
        const Eigen::Index index = options.images[static_cast<std::size_t>(k)];
        const auto flipped = (cues.col(k).array() != patterns.col(k).array()).count();
        const auto wrong = (recalled.states.col(k).array() != patterns.col(k).array()).count();
        const double accuracy = 1.0 - static_cast<double>(wrong) / units;
        const double overlap = patterns.col(k).dot(recalled.states.col(k)) / units;
        const Eigen::Index sweeps = recalled.sweeps[static_cast<std::size_t>(k)];
        exact += wrong == 0 ? 1 : 0;
        accuracySum += accuracy;

        std::cout << "image " << index;
        if (labels.size() > index)
            std::cout << " (" << classNames[labels(index) % 10] << ")";
        std::cout << ": flipped " << flipped << " pixels; after recall accuracy "
                  << std::setprecision(4) << accuracy << ", overlap " << overlap
                  << "; energy " << std::setprecision(1) << network.energy(cues.col(k))
                  << " -> " << network.energy(recalled.states.col(k)) << "; "
                  << sweeps << (sweeps == 1 ? " sweep, " : " sweeps, ")
                  << emergence::recallStatusName(recalled.status[static_cast<std::size_t>(k)])
                  << "\n";
    }
    std::cout << "recalled " << exact << " of " << count << " images exactly, mean pixel accuracy "
              << std::setprecision(4) << accuracySum / static_cast<double>(count) << "\n";

    // Figure: originals, noisy cues and recalled images in three rows, enlarged 4 times.
    Matrix rows(patterns.rows(), 3 * count);
    rows << patterns, cues, recalled.states;
    emergence::GridLayout layout;
    layout.rows = 3;
    layout.columns = count;
    layout.padding = 2;
    layout.upscale = 4;
    emergence::writePng(options.output,
                        emergence::imageGrid(rows, data.rows, data.columns, layout, -1.0, 1.0));
    std::cout << "wrote " << options.output << " (rows: original, noisy, recalled)\n";
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    DemoOptions options;
    CLI::App app("Store Fashion-MNIST images in a Hopfield network and recall noisy copies.",
                 "hopfield_fmnist");
    app.add_option("--data", options.dataFolder,
                   "Folder with train-images-idx3-ubyte(.gz), e.g. "
                   "/usr/share/datasets/fashion-mnist")
        ->capture_default_str();
    app.add_option("--images", options.images, "Indices of the training images to store")
        ->capture_default_str();
    app.add_option("--noise", options.noise, "Fraction of pixels flipped in each cue")
        ->check(CLI::Range(0.0, 1.0))
        ->capture_default_str();
    // CLI11 would wrap "-1" and saturate values past 2^64 - 1 without a word; only plain
    // digits that fit 64 bits are accepted.
    const CLI::Validator seedDigits(
        [](std::string& text) {
            const bool digits = !text.empty() &&
                                text.find_first_not_of("0123456789") == std::string::npos;
            const bool tooLarge = text.size() > 20 ||
                                  (text.size() == 20 && text > "18446744073709551615");
            if (!digits || tooLarge)
                return std::string("expected a whole number from 0 to 18446744073709551615");
            return std::string();
        },
        "UINT64");
    app.add_option("--seed", options.seed, "Seed of the noise and of random update orders")
        ->check(seedDigits)
        ->capture_default_str();
    const std::map<std::string, emergence::LearningRule> rules = {
        {"hebbian", emergence::LearningRule::Hebbian},
        {"storkey", emergence::LearningRule::Storkey},
        {"pseudo-inverse", emergence::LearningRule::PseudoInverse}};
    std::string ruleName = "hebbian";
    app.add_option("--rule", ruleName,
                   "Learning rule: hebbian (sum of outer products), storkey (Storkey 1997) or "
                   "pseudo-inverse (projection onto the span of the images)")
        ->check(CLI::IsMember({"hebbian", "storkey", "pseudo-inverse"}))
        ->capture_default_str();
    const std::map<std::string, emergence::UpdateMode> modes = {
        {"sync", emergence::UpdateMode::Synchronous},
        {"async", emergence::UpdateMode::Sequential},
        {"random", emergence::UpdateMode::RandomOrder}};
    std::string modeName = "async";
    app.add_option("--mode", modeName,
                   "Update mode: sync (all units at once), async (one at a time in index "
                   "order) or random (one at a time in a random order)")
        ->check(CLI::IsMember({"sync", "async", "random"}))
        ->capture_default_str();
    app.add_option("--max-sweeps", options.maxSweeps, "Sweep limit of recall")
        ->check(CLI::Range(Eigen::Index(1), Eigen::Index(1000000)))
        ->capture_default_str();
    app.add_option("--out", options.output, "PNG file to write")->capture_default_str();

    // A bad option prints the error and the full usage, and exits non-zero.
    app.failure_message(CLI::FailureMessage::help);
    CLI11_PARSE(app, argc, argv);
    options.rule = rules.at(ruleName);
    options.mode = modes.at(modeName);

    // Refuse an output folder that does not exist before the work, not after it.
    const std::filesystem::path outputFolder =
        std::filesystem::absolute(options.output).parent_path();
    if (!std::filesystem::is_directory(outputFolder))
    {
        std::cerr << "hopfield_fmnist: --out " << options.output << ": the folder "
                  << outputFolder.string() << " does not exist\n";
        return 2;
    }

    try
    {
        return run(options);
    }
    catch (const std::exception& error)
    {
        std::cerr << "hopfield_fmnist: " << error.what() << "\n";
        return 1;
    }
}
