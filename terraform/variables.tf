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
  description = "Scaleway availability zone inside the region, for instances and the load balancer."
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
  description = "Name or ID of the bridge image built by packer (packer/: headroom-bridge)."
  type        = string
  default     = "headroom-bridge"

  validation {
    condition     = length(var.bridge_image) > 0
    error_message = "The bridge image must not be empty."
  }
}

variable "api_image" {
  description = "Name or ID of the API image built by packer (packer/: headroom-api)."
  type        = string
  default     = "headroom-api"

  validation {
    condition     = length(var.api_image) > 0
    error_message = "The API image must not be empty."
  }
}

variable "base_image" {
  description = "Name or ID of the base image built by packer, used for the Prometheus server."
  type        = string
  default     = "headroom-base"

  validation {
    condition     = length(var.base_image) > 0
    error_message = "The base image must not be empty."
  }
}

variable "control_cidrs" {
  description = "Networks allowed to reach SSH, node_exporter, Prometheus, /metrics and /bridges (operators, CI)."
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
