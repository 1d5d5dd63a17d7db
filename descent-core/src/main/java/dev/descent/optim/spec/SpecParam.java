package dev.descent.optim.spec;

/**
 * A declared parameter of a transform or schedule: the key a spec gives it (also its position
 * among the positional arguments), its default, and what it means. The same declaration is what
 * the parser accepts and what {@code descent optimizers} lists.
 *
 * @param name         snake_case key
 * @param defaultValue the default as text, or null when the parameter is required
 * @param description  one line
 */
public record SpecParam(String name, String defaultValue, String description) {
}
