# Headroom API replicas, spread over hypervisors so one host failure leaves the rest serving.

resource "scaleway_instance_placement_group" "api" {
  name        = "${var.name}-api"
  policy_type = "max_availability"
  zone        = var.zone
}

resource "scaleway_instance_ip" "api" {
  count = var.api_count
  zone  = var.zone
}

resource "scaleway_instance_server" "api" {
  count              = var.api_count
  name               = "${var.name}-api${count.index + 1}"
  type               = var.api_type
  image              = data.scaleway_instance_image.api.id
  zone               = var.zone
  ip_id              = scaleway_instance_ip.api[count.index].id
  security_group_id  = scaleway_instance_security_group.api.id
  placement_group_id = scaleway_instance_placement_group.api.id
  tags               = [var.name, "api"]

  # A new api_image applies to replicas created from now on; existing ones are replaced one at a
  # time on purpose (docs/operations.md, "Roll a new image"), never all at once by an apply.
  lifecycle {
    ignore_changes = [image]
  }
}
