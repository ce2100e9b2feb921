# Security groups: drop everything inbound except what each role needs.

locals {
  # The Prometheus server scrapes node_exporter; it sits outside the operators' networks.
  scrape_cidrs = concat(var.control_cidrs, ["${scaleway_instance_ip.prometheus.address}/32"])
}

resource "scaleway_instance_security_group" "bridge" {
  name                    = "${var.name}-bridge"
  description             = "Video bridges: HTTPS, JVB media, TURN; SSH and node_exporter from control only"
  inbound_default_policy  = "drop"
  outbound_default_policy = "accept"
  stateful                = true

  inbound_rule {
    action   = "accept"
    protocol = "TCP"
    port     = 443
  }

  # JVB media (UDP mux), on the bridge's own public IP: media never crosses the load balancer.
  inbound_rule {
    action   = "accept"
    protocol = "UDP"
    port     = 10000
  }

  # TURN for clients behind strict NATs.
  inbound_rule {
    action   = "accept"
    protocol = "UDP"
    port     = 3478
  }

  inbound_rule {
    action   = "accept"
    protocol = "TCP"
    port     = 5349
  }

  dynamic "inbound_rule" {
    for_each = var.control_cidrs
    content {
      action   = "accept"
      protocol = "TCP"
      port     = 22
      ip_range = inbound_rule.value
    }
  }

  dynamic "inbound_rule" {
    for_each = local.scrape_cidrs
    content {
      action   = "accept"
      protocol = "TCP"
      port     = 9100
      ip_range = inbound_rule.value
    }
  }
}

resource "scaleway_instance_security_group" "api" {
  name                    = "${var.name}-api"
  description             = "Headroom API: 8080 from the load balancer; SSH and node_exporter from control"
  inbound_default_policy  = "drop"
  outbound_default_policy = "accept"
  stateful                = true

  inbound_rule {
    action   = "accept"
    protocol = "TCP"
    port     = 8080
    ip_range = "${scaleway_lb_ip.main.ip_address}/32"
  }

  dynamic "inbound_rule" {
    for_each = var.control_cidrs
    content {
      action   = "accept"
      protocol = "TCP"
      port     = 22
      ip_range = inbound_rule.value
    }
  }

  dynamic "inbound_rule" {
    for_each = local.scrape_cidrs
    content {
      action   = "accept"
      protocol = "TCP"
      port     = 9100
      ip_range = inbound_rule.value
    }
  }
}

resource "scaleway_instance_security_group" "prometheus" {
  name                    = "${var.name}-prometheus"
  description             = "Prometheus: 9090 from control and the API replicas; SSH from control"
  inbound_default_policy  = "drop"
  outbound_default_policy = "accept"
  stateful                = true

  dynamic "inbound_rule" {
    for_each = var.control_cidrs
    content {
      action   = "accept"
      protocol = "TCP"
      port     = 22
      ip_range = inbound_rule.value
    }
  }

  dynamic "inbound_rule" {
    for_each = concat(var.control_cidrs, [for ip in scaleway_instance_ip.api : "${ip.address}/32"])
    content {
      action   = "accept"
      protocol = "TCP"
      port     = 9090
      ip_range = inbound_rule.value
    }
  }
}
