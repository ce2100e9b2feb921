# The load balancer fronts the API and the site on 443. Media never goes through it.

locals {
  # Paths only operators may reach through the load balancer.
  operator_paths = ["/metrics", "/bridges"]
}

resource "scaleway_lb_ip" "main" {
  zone = var.zone
}

resource "scaleway_lb" "main" {
  name   = "${var.name}-lb"
  ip_ids = [scaleway_lb_ip.main.id]
  type   = var.lb_type
  zone   = var.zone
}

resource "scaleway_domain_record" "site" {
  dns_zone = var.domain
  name     = "meet"
  type     = "A"
  data     = scaleway_lb_ip.main.ip_address
  ttl      = 300
}

resource "scaleway_lb_backend" "api" {
  lb_id            = scaleway_lb.main.id
  name             = "${var.name}-api"
  forward_protocol = "http"
  forward_port     = 8080
  server_ips       = [for ip in scaleway_instance_ip.api : ip.address]

  # /readyz turns 503 as soon as a replica starts shutting down, so it is drained first.
  health_check_http {
    uri    = "/readyz"
    method = "GET"
    code   = 200
  }
  health_check_delay       = "5s"
  health_check_timeout     = "3s"
  health_check_max_retries = 2
  on_marked_down_action    = "shutdown_sessions"
}

resource "scaleway_lb_certificate" "site" {
  lb_id = scaleway_lb.main.id
  name  = "${var.name}-site"

  letsencrypt {
    common_name = "meet.${var.domain}"
  }

  depends_on = [scaleway_domain_record.site]
}

resource "scaleway_lb_frontend" "https" {
  lb_id           = scaleway_lb.main.id
  backend_id      = scaleway_lb_backend.api.id
  name            = "${var.name}-https"
  inbound_port    = 443
  certificate_ids = [scaleway_lb_certificate.site.id]

  # ACLs run in list order (index 1, 2, ...); the first one that matches decides, and a request
  # no ACL matches goes to the backend. So: the operator endpoints are allowed from the control
  # networks, then denied to everyone else; the site, /assign, /r/<room> and /fleet stay public.
  acl {
    name = "operator-endpoints-from-control"
    action {
      type = "allow"
    }
    match {
      ip_subnet         = var.control_cidrs
      http_filter       = "path_begin"
      http_filter_value = local.operator_paths
    }
  }

  acl {
    name = "operator-endpoints-denied-to-others"
    action {
      type = "deny"
    }
    match {
      http_filter       = "path_begin"
      http_filter_value = local.operator_paths
    }
  }
}
