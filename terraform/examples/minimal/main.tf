# The smallest useful fleet: bridges, two API replicas behind a load balancer, one Prometheus.

module "headroom" {
  source = "../.."

  domain        = var.domain
  control_cidrs = var.control_cidrs
  region        = var.region
  zone          = var.zone
  bridge_count  = var.bridge_count
  bridge_image  = var.bridge_image
  api_image     = var.api_image
  base_image    = var.base_image
}
