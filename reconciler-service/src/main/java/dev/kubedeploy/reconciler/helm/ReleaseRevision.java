package dev.kubedeploy.reconciler.helm;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One revision of a release as {@code helm history -o json} lists it. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReleaseRevision(
    @JsonProperty("revision") int revision,
    @JsonProperty("status") ReleaseStatus status,
    @JsonProperty("chart") String chart,
    @JsonProperty("app_version") String appVersion,
    @JsonProperty("description") String description) {}
