# A module: it names the providers it needs and nothing else. The backend (PostgreSQL state) and
# the provider block with credentials and zone belong to the root configuration that calls it,
# such as examples/minimal.
terraform {
  required_version = ">= 1.5.0, < 2.0.0"

  required_providers {
    scaleway = {
      source = "scaleway/scaleway"
      # The schema infra-checks verifies every attribute against (scaleway-provider-2.81.json).
      version = "~> 2.81.0"
    }
  }
}
