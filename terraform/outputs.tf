output "bridge_urls" {
  description = "Public base URL of every bridge, in bridge order (the bridge_url label)."
  value       = [for b in local.bridges : b.bridge_url]
}

output "bridge_addresses" {
  description = "Public IPv4 address of every bridge, in bridge order."
  value       = [for b in local.bridges : b.address]
}

output "api_addresses" {
  description = "Public IPv4 address of every Headroom API replica."
  value       = [for ip in scaleway_instance_ip.api : ip.address]
}

output "load_balancer_address" {
  description = "Public IPv4 address of the load balancer (meet.<domain> points here)."
  value       = scaleway_lb_ip.main.ip_address
}

output "site_url" {
  description = "Where people start meetings."
  value       = "https://meet.${var.domain}"
}

output "prometheus_address" {
  description = "Public IPv4 address of the Prometheus server (port 9090, control networks only)."
  value       = scaleway_instance_ip.prometheus.address
}

output "prometheus_targets" {
  description = "Prometheus file_sd targets for the bridges, with their bridge_url and region labels."
  value       = local.prometheus_targets
}

output "ansible_inventory" {
  description = "Ansible inventory (YAML) of every host with its role variables: terraform output -raw ansible_inventory > ../ansible/inventory/hosts.yml"
  value = yamlencode({
    all = {
      # Scaleway's Debian images log in as root with the project's SSH keys.
      vars = {
        ansible_user = "root"
      }
      children = {
        bridges = {
          hosts = {
            for b in local.bridges : b.name => {
              ansible_host    = b.address
              bridge_url      = b.bridge_url
              bridge_region   = b.region
              jitsi_public_ip = b.address
              jitsi_domain    = trimprefix(b.bridge_url, "https://")
            }
          }
        }
        api = {
          hosts = {
            for i, s in scaleway_instance_server.api : s.name => {
              ansible_host = scaleway_instance_ip.api[i].address
            }
          }
          vars = {
            headroom_trusted_proxies = "${scaleway_lb_ip.main.ip_address}/32"
            headroom_prometheus_url  = "http://${scaleway_instance_ip.prometheus.address}:9090"
          }
        }
        monitoring = {
          hosts = {
            (scaleway_instance_server.prometheus.name) = {
              ansible_host = scaleway_instance_ip.prometheus.address
            }
          }
        }
      }
    }
  })
}
