# The smallest useful fleet: two bridges, two API replicas, one Prometheus.

module "headroom" {
  source = "../.."

  domain        = var.domain
  control_cidrs = var.control_cidrs
  bridge_count  = 2
}

variable "domain" {
  description = "DNS zone managed by Scaleway Domains."
  type        = string
}

variable "control_cidrs" {
  description = "Operator networks allowed to reach SSH, Prometheus and the operator endpoints."
  type        = list(string)
}

output "site_url" {
  description = "Where people start meetings."
  value       = module.headroom.site_url
}

output "bridge_urls" {
  description = "The bridges' public base URLs."
  value       = module.headroom.bridge_urls
}
