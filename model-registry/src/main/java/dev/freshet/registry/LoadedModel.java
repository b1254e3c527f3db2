package dev.freshet.registry;

import org.tribuo.Model;
import org.tribuo.Output;

/**
 * A model that passed every check, with its manifest.
 *
 * @param manifest the version's manifest
 * @param model    the Tribuo model, of the expected output type
 * @param <T>      the output type
 */
public record LoadedModel<T extends Output<T>>(Manifest manifest, Model<T> model) {}
