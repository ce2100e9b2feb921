# The load balancer fronts the API and the site on 443. Media never goes through it.

resource "scaleway_lb_ip" "main" {}

resource "scaleway_lb" "main" {
  name  = "${var.name}-lb"
  ip_id = scaleway_lb_ip.main.id
  type  = var.lb_type
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

  # The operator's endpoints answer only the control networks; everyone else gets denied.
  acl {
    name = "operator-endpoints-from-control-only"
    action {
      type = "deny"
    }
    match {
      ip_subnet         = var.control_cidrs
      invert            = true
      http_filter       = "path_begin"
      http_filter_value = ["/metrics", "/bridges"]
    }
  }
}
