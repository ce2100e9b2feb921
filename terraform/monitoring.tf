# One Prometheus server. Its scrape targets are local.prometheus_targets (bridges.tf), rendered
# into a file_sd file by the ansible prometheus role from the generated inventory.

resource "scaleway_instance_ip" "prometheus" {
  zone = var.zone
}

resource "scaleway_instance_server" "prometheus" {
  name              = "${var.name}-prometheus"
  type              = var.prometheus_type
  image             = data.scaleway_instance_image.base.id
  zone              = var.zone
  ip_id             = scaleway_instance_ip.prometheus.id
  security_group_id = scaleway_instance_security_group.prometheus.id
  tags              = [var.name, "prometheus"]

  # A new base_image is used when this server is replaced on purpose (-replace), not on any apply.
  lifecycle {
    ignore_changes = [image]
  }
}
