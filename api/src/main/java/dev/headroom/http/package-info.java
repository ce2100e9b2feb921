/**
 * The HTTP face of Headroom (Javalin 7): {@code /assign}, {@code /bridges}, {@code /regions},
 * health, readiness, metrics and the static pages. {@link dev.headroom.http.HeadroomApp} builds the
 * server from its dependencies without starting it.
 */
package dev.headroom.http;
