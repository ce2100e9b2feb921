variable "name" {
  description = "Prefix for every resource name and tag (lower case letters, digits and dashes)."
  type        = string
  default     = "headroom"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}$", var.name))
    error_message = "The name must start with a letter and hold 2 to 31 lower case letters, digits or dashes."
  }
}

variable "region" {
  description = "Scaleway region of the fleet; bridges carry it as their Prometheus region label."
  type        = string
  default     = "fr-par"

  validation {
    condition     = contains(["fr-par", "nl-ams", "pl-waw"], var.region)
    error_message = "The region must be one of fr-par, nl-ams, pl-waw."
  }
}

variable "zone" {
  description = "Scaleway availability zone inside the region, for instances, images and the load balancer; the root configuration's provider must be in the same region."
  type        = string
  default     = "fr-par-1"

  validation {
    condition     = can(regex("^(fr-par|nl-ams|pl-waw)-[1-3]$", var.zone))
    error_message = "The zone must look like fr-par-1, nl-ams-2 or pl-waw-3."
  }
}

variable "domain" {
  description = "DNS zone managed by Scaleway Domains; bridges become b<N>.<domain>, the site meet.<domain>."
  type        = string

  validation {
    condition     = can(regex("^([a-z0-9]([a-z0-9-]*[a-z0-9])?\\.)+[a-z]{2,}$", var.domain))
    error_message = "The domain must be a lower case DNS name such as example.com."
  }
}

variable "bridge_count" {
  description = "Number of video bridges. Change it and apply to scale; drain bridges before lowering it (docs/operations.md)."
  type        = number
  default     = 2

  validation {
    condition     = var.bridge_count >= 0 && var.bridge_count <= 500 && floor(var.bridge_count) == var.bridge_count
    error_message = "The bridge count must be a whole number from 0 to 500."
  }
}

variable "api_count" {
  description = "Number of Headroom API replicas behind the load balancer, spread by a placement group."
  type        = number
  default     = 2

  validation {
    condition     = var.api_count >= 1 && var.api_count <= 20 && floor(var.api_count) == var.api_count
    error_message = "The API count must be a whole number from 1 to 20."
  }
}

variable "bridge_type" {
  description = "Instance type of a bridge (media needs CPU and bandwidth)."
  type        = string
  default     = "PRO2-S"

  validation {
    condition     = length(var.bridge_type) > 0
    error_message = "The bridge type must not be empty."
  }
}

variable "api_type" {
  description = "Instance type of a Headroom API replica."
  type        = string
  default     = "PLAY2-NANO"

  validation {
    condition     = length(var.api_type) > 0
    error_message = "The API type must not be empty."
  }
}

variable "prometheus_type" {
  description = "Instance type of the Prometheus server."
  type        = string
  default     = "PLAY2-MICRO"

  validation {
    condition     = length(var.prometheus_type) > 0
    error_message = "The Prometheus type must not be empty."
  }
}

variable "bridge_image" {
  description = "Exact name of the bridge image (packer build -only='bridge.*'; ansible/bridge.yml), as packer printed it (e.g. headroom-bridge-20261125-1950). Servers created from now on use it; existing ones are replaced one by one (docs/operations.md)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$", var.bridge_image))
    error_message = "The bridge_image must be an image name such as headroom-bridge-20261125-1950 (letters, digits, dots, dashes, underscores)."
  }
}

variable "api_image" {
  description = "Exact name of the Headroom API image (packer build -only='api.*'; ansible/api.yml), as packer printed it (e.g. headroom-api-20261125-1950). Servers created from now on use it; existing ones are replaced one by one (docs/operations.md)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$", var.api_image))
    error_message = "The api_image must be an image name such as headroom-api-20261125-1950 (letters, digits, dots, dashes, underscores)."
  }
}

variable "base_image" {
  description = "Exact name of the base image (packer build -only='base.*'), used for the Prometheus server, as packer printed it (e.g. headroom-base-20261125-1930). Servers created from now on use it; existing ones are replaced one by one (docs/operations.md)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$", var.base_image))
    error_message = "The base_image must be an image name such as headroom-base-20261125-1930 (letters, digits, dots, dashes, underscores)."
  }
}

variable "control_cidrs" {
  description = "Networks allowed to reach SSH, Prometheus, /metrics and /bridges (operators, CI)."
  type        = list(string)

  validation {
    condition     = length(var.control_cidrs) > 0 && alltrue([for c in var.control_cidrs : can(cidrhost(c, 0))])
    error_message = "Give at least one control network, each in CIDR notation such as 203.0.113.0/24."
  }
}

variable "lb_type" {
  description = "Scaleway load balancer offer in front of the API replicas."
  type        = string
  default     = "LB-S"

  validation {
    condition     = contains(["LB-S", "LB-GP-M", "LB-GP-L", "LB-GP-XL"], var.lb_type)
    error_message = "The load balancer type must be one of LB-S, LB-GP-M, LB-GP-L, LB-GP-XL."
  }
}
