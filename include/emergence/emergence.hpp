#ifndef EMERGENCE_EMERGENCE_HPP
#define EMERGENCE_EMERGENCE_HPP

/**
 * @file
 * Includes every public header of emergence: Hopfield networks (classical and modern),
 * dense associative memories, restricted Boltzmann machines, image preprocessing and data
 * input/output. Each header can also be included on its own.
 */

#include <emergence/boltzmann/annealed_importance_sampling.hpp>
#include <emergence/boltzmann/rbm_file.hpp>
#include <emergence/boltzmann/restricted_boltzmann_machine.hpp>
#include <emergence/boltzmann/training_options.hpp>

#include <emergence/hopfield/basin_of_attraction.hpp>
#include <emergence/hopfield/capacity_sweep.hpp>
#include <emergence/hopfield/dense_associative_memory.hpp>
#include <emergence/hopfield/hopfield_file.hpp>
#include <emergence/hopfield/hopfield_network.hpp>
#include <emergence/hopfield/interaction.hpp>
#include <emergence/hopfield/learning_rule.hpp>
#include <emergence/hopfield/modern_hopfield_network.hpp>
#include <emergence/hopfield/pattern_distance.hpp>
#include <emergence/hopfield/random_patterns.hpp>
#include <emergence/hopfield/recall_options.hpp>
#include <emergence/hopfield/recall_result.hpp>
#include <emergence/hopfield/retrieval_options.hpp>
#include <emergence/hopfield/retrieval_result.hpp>

#include <emergence/image/binarize.hpp>
#include <emergence/image/coding.hpp>
#include <emergence/image/flip_pixels.hpp>
#include <emergence/image/gray_image.hpp>
#include <emergence/image/image_grid.hpp>
#include <emergence/image/scale.hpp>

#include <emergence/io/idx.hpp>
#include <emergence/io/image_file.hpp>
#include <emergence/io/model_file.hpp>

#endif // EMERGENCE_EMERGENCE_HPP
