variable "domain" {
  description = "DNS zone managed by Scaleway Domains (delegated to Scaleway's name servers)."
  type        = string
}

variable "control_cidrs" {
  description = "Operator networks allowed to reach SSH, Prometheus and the operator endpoints."
  type        = list(string)
}

variable "region" {
  description = "Scaleway region of the fleet and the provider."
  type        = string
  default     = "fr-par"
}

variable "zone" {
  description = "Scaleway zone of the fleet and the provider, inside var.region."
  type        = string
  default     = "fr-par-1"
}

variable "bridge_count" {
  description = "Number of video bridges; drain before lowering it (docs/operations.md)."
  type        = number
  default     = 2
}

variable "bridge_image" {
  description = "Exact name of the bridge image packer built (headroom-bridge-<timestamp>)."
  type        = string
}

variable "api_image" {
  description = "Exact name of the API image packer built (headroom-api-<timestamp>)."
  type        = string
}

variable "base_image" {
  description = "Exact name of the base image packer built (headroom-base-<timestamp>), for Prometheus."
  type        = string
}
