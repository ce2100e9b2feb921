# Video bridges: one public IP, one server and one DNS name each, all driven by var.bridge_count.

resource "scaleway_instance_ip" "bridge" {
  count = var.bridge_count
  zone  = var.zone
}

resource "scaleway_instance_server" "bridge" {
  count             = var.bridge_count
  name              = "${var.name}-b${count.index + 1}"
  type              = var.bridge_type
  image             = data.scaleway_instance_image.bridge.id
  zone              = var.zone
  ip_id             = scaleway_instance_ip.bridge[count.index].id
  security_group_id = scaleway_instance_security_group.bridge.id
  tags              = [var.name, "bridge", "bridge_url=https://b${count.index + 1}.${var.domain}", "region=${var.region}"]

  # A new bridge_image applies to bridges created from now on (scale out). Existing bridges are
  # replaced one at a time after a drain (docs/operations.md), never all at once by an apply.
  lifecycle {
    ignore_changes = [image]
  }
}

resource "scaleway_domain_record" "bridge" {
  count    = var.bridge_count
  dns_zone = var.domain
  name     = "b${count.index + 1}"
  type     = "A"
  data     = scaleway_instance_ip.bridge[count.index].address
  ttl      = 300
}

locals {
  bridges = [
    for i in range(var.bridge_count) : {
      name       = scaleway_instance_server.bridge[i].name
      address    = scaleway_instance_ip.bridge[i].address
      bridge_url = "https://${scaleway_domain_record.bridge[i].name}.${var.domain}"
      region     = var.region
    }
  ]

  # Prometheus file_sd targets: node_exporter on every bridge, labelled as Headroom expects.
  prometheus_targets = [
    for b in local.bridges : {
      targets = ["${b.address}:9100"]
      labels  = { bridge_url = b.bridge_url, region = b.region }
    }
  ]
}
