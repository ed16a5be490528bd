package dev.haechi.demo.retailer;

import java.util.List;

/**
 * The retailer's departments: their share of staff, the titles in them and which business systems
 * their people get accounts in. Warehouse and delivery staff, most of the company, use only the
 * directory, the IdP and the warehouse system.
 */
enum Department {
  FULFILMENT("Fulfilment", 36, "office:no", "Picker", "Packer", "Shift Lead", "Inventory Clerk"),
  DELIVERY("Delivery", 20, "office:no", "Delivery Driver", "Route Planner", "Hub Supervisor"),
  CUSTOMER_SERVICE(
      "Customer Service", 10, "office:yes", "Support Agent", "Senior Agent", "Team Lead"),
  STORE_OPERATIONS(
      "Store Operations", 6, "office:yes", "Store Associate", "Store Manager", "Area Manager"),
  MERCHANDISING("Merchandising", 4, "office:yes", "Buyer", "Category Manager", "Analyst"),
  MARKETING("Marketing", 3, "office:yes", "Marketing Specialist", "Campaign Manager", "Designer"),
  ENGINEERING(
      "Engineering",
      8,
      "office:yes",
      "Software Engineer",
      "Senior Software Engineer",
      "Staff Engineer",
      "QA Engineer"),
  PLATFORM(
      "Platform",
      2.5,
      "office:yes",
      "Site Reliability Engineer",
      "Backend Engineer",
      "Platform Engineer"),
  DATA("Data", 2, "office:yes", "Data Engineer", "Data Scientist", "Analytics Engineer"),
  SECURITY("Security", 1, "office:yes", "Security Engineer", "SOC Analyst", "Security Architect"),
  FINANCE("Finance", 2.5, "office:yes", "Accountant", "Financial Analyst", "Controller"),
  PROCUREMENT("Procurement", 1.5, "office:yes", "Procurement Specialist", "Vendor Manager"),
  HR("People", 1.6, "office:yes", "HR Partner", "Recruiter", "Payroll Specialist"),
  LEGAL("Legal", 0.5, "office:yes", "Counsel", "Privacy Officer", "Paralegal"),
  EXECUTIVE("Executive", 0.05, "office:yes", "Vice President", "Chief of Staff");

  final String label;
  final double weight;
  final boolean office;
  final List<String> titles;

  Department(String label, double weight, String office, String... titles) {
    this.label = label;
    this.weight = weight;
    this.office = office.equals("office:yes");
    this.titles = List.of(titles);
  }

  /** Engineers: they get GitHub, CI, AWS and Vault access. */
  boolean technical() {
    return this == ENGINEERING || this == PLATFORM || this == DATA || this == SECURITY;
  }
}
