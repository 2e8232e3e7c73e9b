#include "trainer.hpp"

#include <fmt/format.h>

#include <cmath>
#include <numeric>

#include "dataset.hpp"
#include "files.hpp"
#include "optimizer.hpp"
#include "rng.hpp"
#include "sha256.hpp"
#include "trace_writer.hpp"

namespace tracegen {
namespace {

std::string config_json(const TrainConfig& config, const AdamSettings& adam,
                        const std::string& init_sha256) {
    // Identity of the run: the same for every arithmetic variant, so variants compare.
    JsonObject json;
    json.add("optimizer", "adam")
        .add("lr", config.lr)
        .add("beta1", adam.beta1)
        .add("beta2", adam.beta2)
        .add("epsilon", adam.epsilon)
        .add("weight_decay", config.weight_decay)
        .add("schedule", "linear-warmup-cosine")
        .add("warmup_steps", std::uint64_t{config.warmup_steps})
        .add("batch_size", std::uint64_t{config.batch_size})
        .add("epochs", std::uint64_t{config.epochs})
        .add("steps", std::uint64_t{config.epochs * steps_per_epoch(config)})
        .add("shuffle", config.shuffle)
        .add("seed", std::uint64_t{config.seed})
        .add("init_sha256", init_sha256);
    return json.str();
}

} // namespace

void validate(const TrainConfig& config) {
    if (config.batch_size == 0) {
        throw UsageError("--batch-size must be at least 1");
    }
    if (config.train_size < config.batch_size) {
        throw UsageError(fmt::format("--train-size ({}) must be at least --batch-size ({})",
                                     config.train_size, config.batch_size));
    }
    if (config.val_size == 0) {
        throw UsageError("--val-size must be at least 1");
    }
    if (config.epochs == 0) {
        throw UsageError("--epochs must be at least 1");
    }
    if (!(config.lr > 0.0) || !std::isfinite(config.lr)) {
        throw UsageError("--lr must be a positive number");
    }
    if (!(config.weight_decay >= 0.0) || !std::isfinite(config.weight_decay)) {
        throw UsageError("--weight-decay must be zero or positive");
    }
}

std::size_t steps_per_epoch(const TrainConfig& config) {
    // The last, incomplete batch of an epoch is dropped so every step sees batch_size samples.
    return config.train_size / config.batch_size;
}

namespace {

std::string header_line(const TrainConfig& config, const Mlp& model, const GlyphData& data,
                        const AdamSettings& adam_settings, const std::vector<float>& init) {
    JsonObject header;
    header.add("kind", "header")
        .add("phase", config.arith.name())
        .add("netspec_name", model.name())
        .add("netspec_hash", sha256_hex(model.description()))
        .add_raw("config", config_json(config, adam_settings, sha256_hex(encode_params(init))))
        .add("total_params", std::uint64_t{model.param_count()})
        .add("dataset", data.name)
        .add("emitter_version", emitter_version);
    return header.str() + "\n";
}

std::string step_line(std::size_t step, std::size_t epoch, float loss, float lr, float grad_norm,
                      float param_norm) {
    JsonObject record;
    record.add("kind", "step")
        .add("step", std::uint64_t{step})
        .add("epoch", std::uint64_t{epoch})
        .add("loss", loss)
        .add("lr", lr)
        .add("grad_norm", grad_norm)
        .add("param_norm", param_norm);
    return record.str() + "\n";
}

std::string eval_line(std::size_t step, std::size_t epoch, const EvalResult& eval) {
    JsonObject record;
    record.add("kind", "eval")
        .add("step", std::uint64_t{step})
        .add("epoch", std::uint64_t{epoch})
        .add("val_loss", eval.loss)
        .add("val_acc", eval.accuracy);
    return record.str() + "\n";
}

} // namespace

TrainResult train(const TrainConfig& config, const std::vector<float>& init) {
    validate(config);
    Mlp model(config.widths);
    if (init.size() != model.param_count()) {
        throw UsageError(fmt::format("initial parameters: got {}, the network has {}", init.size(),
                                     model.param_count()));
    }
    const GlyphData data = make_glyph_data(config.data_seed, config.train_size, config.val_size);
    Arith arith(config.arith);

    AdamSettings adam_settings;
    adam_settings.weight_decay = config.weight_decay;
    Adam adam(model.param_count(), adam_settings, model.decay_mask());

    const std::size_t per_epoch = steps_per_epoch(config);
    const std::size_t total_steps = config.epochs * per_epoch;

    TrainResult result;
    result.trace = header_line(config, model, data, adam_settings, init);

    std::vector<float> params = init;
    std::vector<float> grad(model.param_count());
    std::vector<std::uint32_t> order(config.train_size);
    std::iota(order.begin(), order.end(), 0U);
    Rng shuffle_rng(config.seed, Stream::shuffle);

    std::size_t step = 0;
    for (std::size_t epoch = 0; epoch < config.epochs; ++epoch) {
        if (config.shuffle) {
            shuffle_rng.shuffle(order);
        }
        for (std::size_t b = 0; b < per_epoch; ++b) {
            ++step;
            const std::span<const std::uint32_t> batch(order.data() + b * config.batch_size,
                                                       config.batch_size);
            const float loss = model.loss_and_gradient(params, data.train, batch, grad, arith);
            const float grad_norm = std::sqrt(arith.dot(grad, grad));
            const float lr = learning_rate(step, config.warmup_steps, total_steps, config.lr);
            adam.step(params, grad, lr, arith);
            const float param_norm = std::sqrt(arith.dot(params, params));
            result.trace += step_line(step, epoch, loss, lr, grad_norm, param_norm);
            result.log.steps.push_back({step, epoch, loss, lr, grad_norm, param_norm});
            result.final_loss = loss;
        }
        const EvalResult eval = model.evaluate(params, data.validation, arith);
        result.trace += eval_line(step, epoch, eval);
        result.log.evals.push_back({step, epoch, eval.loss, eval.accuracy});
        result.final_eval = eval;
    }
    result.steps = step;
    return result;
}

} // namespace tracegen
