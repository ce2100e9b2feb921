/**
 * Capacity advice: how many bridges the fleet should have, from live load and step scaling
 * policies written in ElasticRTC's notation ({@code 75=10,85=40}).
 */
package dev.headroom.capacity;
