# Headroom API replicas, spread over hypervisors so one host failure leaves the rest serving.

resource "scaleway_instance_placement_group" "api" {
  name        = "${var.name}-api"
  policy_type = "max_availability"
  policy_mode = "enforced"
}

resource "scaleway_instance_ip" "api" {
  count = var.api_count
}

resource "scaleway_instance_server" "api" {
  count              = var.api_count
  name               = "${var.name}-api${count.index + 1}"
  type               = var.api_type
  image              = var.api_image
  ip_id              = scaleway_instance_ip.api[count.index].id
  security_group_id  = scaleway_instance_security_group.api.id
  placement_group_id = scaleway_instance_placement_group.api.id
  tags               = [var.name, "api"]
}
