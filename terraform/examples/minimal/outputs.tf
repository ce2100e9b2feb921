output "site_url" {
  description = "Where people start meetings."
  value       = module.headroom.site_url
}

output "bridge_urls" {
  description = "The bridges' public base URLs, in bridge order (b1, b2, ...)."
  value       = module.headroom.bridge_urls
}

output "bridge_addresses" {
  description = "Public IPv4 address of every bridge, in bridge order (b1, b2, ...)."
  value       = module.headroom.bridge_addresses
}

output "api_addresses" {
  description = "Public IPv4 address of every Headroom API replica (api1, api2, ...)."
  value       = module.headroom.api_addresses
}

output "prometheus_address" {
  description = "Public IPv4 address of the Prometheus server (9090, control networks only)."
  value       = module.headroom.prometheus_address
}

output "load_balancer_address" {
  description = "Public IPv4 address of the load balancer."
  value       = module.headroom.load_balancer_address
}

output "ansible_inventory" {
  description = "Ansible inventory: terraform output -raw ansible_inventory > ../../../ansible/inventory/hosts.yml"
  value       = module.headroom.ansible_inventory
}
