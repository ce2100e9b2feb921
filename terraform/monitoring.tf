# One Prometheus server. Its scrape targets are local.prometheus_targets (bridges.tf), rendered
# into a file_sd file by the ansible prometheus role from the generated inventory.

resource "scaleway_instance_ip" "prometheus" {}

resource "scaleway_instance_server" "prometheus" {
  name              = "${var.name}-prometheus"
  type              = var.prometheus_type
  image             = var.base_image
  ip_id             = scaleway_instance_ip.prometheus.id
  security_group_id = scaleway_instance_security_group.prometheus.id
  tags              = [var.name, "prometheus"]
}
