/**
 * Configuration: the contract's {@code HEADROOM_*} variables (and their {@code --flag} mirrors),
 * parsed and validated once at start-up into an immutable {@link dev.headroom.config.Settings}.
 *
 * <p>A bad value is reported as a {@link dev.headroom.config.SettingsException} whose message is a
 * single line naming the variable and what is wrong with it; nothing is bound before that.
 */
package dev.headroom.config;
