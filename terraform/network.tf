# Security groups: drop everything inbound except what reaches each host on purpose. Every
# service Prometheus scrapes is open to the Prometheus server's address only; infra-checks derives
# the expected flows from the Ansible roles and the load balancer and compares them with these.

locals {
  # Prometheus scrapes every target over the public network, from its own public address.
  prometheus_cidr = "${scaleway_instance_ip.prometheus.address}/32"
  # The load balancer forwards requests and runs its health checks from its public address.
  lb_cidr = "${scaleway_lb_ip.main.ip_address}/32"
  # Headroom replicas query Prometheus.
  api_cidrs = [for ip in scaleway_instance_ip.api : "${ip.address}/32"]

  # What Prometheus scrapes on each kind of host (ansible/roles/prometheus): node_exporter
  # everywhere, Headroom's own /metrics on the API replicas, the jitsi role's metrics gateway
  # (jitsi_metrics_port: JVB's /metrics and the nginx exporter) on the bridges.
  bridge_scrape_ports = [9100, 9888]
  api_scrape_ports    = [8080, 9100]
}

resource "scaleway_instance_security_group" "bridge" {
  name                    = "${var.name}-bridge"
  description             = "Video bridges: web, JVB media and TURN from anywhere; SSH from control; scrapes from Prometheus"
  zone                    = var.zone
  inbound_default_policy  = "drop"
  outbound_default_policy = "accept"
  stateful                = true

  # docker-jitsi-meet gets its Let's Encrypt certificate over HTTP (acme.sh standalone) and
  # redirects plain HTTP to HTTPS.
  inbound_rule {
    action   = "accept"
    protocol = "TCP"
    port     = 80
  }

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

  # TURN for clients behind strict NATs: UDP and TCP on 3478, TLS on 5349.
  inbound_rule {
    action   = "accept"
    protocol = "UDP"
    port     = 3478
  }

  inbound_rule {
    action   = "accept"
    protocol = "TCP"
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
    for_each = local.bridge_scrape_ports
    content {
      action   = "accept"
      protocol = "TCP"
      port     = inbound_rule.value
      ip_range = local.prometheus_cidr
    }
  }
}

resource "scaleway_instance_security_group" "api" {
  name                    = "${var.name}-api"
  description             = "Headroom API: 8080 from the load balancer; SSH from control; scrapes from Prometheus"
  zone                    = var.zone
  inbound_default_policy  = "drop"
  outbound_default_policy = "accept"
  stateful                = true

  inbound_rule {
    action   = "accept"
    protocol = "TCP"
    port     = 8080
    ip_range = local.lb_cidr
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
    for_each = local.api_scrape_ports
    content {
      action   = "accept"
      protocol = "TCP"
      port     = inbound_rule.value
      ip_range = local.prometheus_cidr
    }
  }
}

resource "scaleway_instance_security_group" "prometheus" {
  name                    = "${var.name}-prometheus"
  description             = "Prometheus: 9090 from control and the API replicas; SSH from control"
  zone                    = var.zone
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
    for_each = concat(var.control_cidrs, local.api_cidrs)
    content {
      action   = "accept"
      protocol = "TCP"
      port     = 9090
      ip_range = inbound_rule.value
    }
  }
}
