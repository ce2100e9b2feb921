# The root configuration: it owns the state backend and the provider; the module (../..) owns
# neither.
terraform {
  required_version = ">= 1.5.0, < 2.0.0"

  required_providers {
    scaleway = {
      source  = "scaleway/scaleway"
      version = "~> 2.81.0"
    }
  }

  # State lives in a managed PostgreSQL database. Nothing about it is written here: set
  # PG_CONN_STR in the environment (or terraform init -backend-config="conn_str=...").
  backend "pg" {}
}

provider "scaleway" {
  # Credentials come from SCW_ACCESS_KEY / SCW_SECRET_KEY / SCW_DEFAULT_PROJECT_ID.
  zone   = var.zone
  region = var.region
}
